package seed

import "xiaoneng/ent/complaint"

// Rating comments by score (index 1…5); department-specific bad comments below.
var ratingComments = [6][]string{
	1: {"推来推去没人管，至今没有解决", "反映了三次都没人来，态度还很差", "只提要求不解决问题，让我们自己想办法", "电话打过去互相推，说不归他们管"},
	2: {"反映多次才来处理，效率偏低", "处理拖了一周多，影响正常工作", "来了看一眼就走了，没有下文", "答复含糊，问题只解决了一半"},
	3: {"问题解决了，但是时间拖得有点长", "能办，就是手续太多要跑好几趟", "态度还可以，效率有待提高", ""},
	4: {"服务态度好，解决比较及时", "响应快，处理到位", "主动上门服务，点个赞", "沟通顺畅，按承诺时限办结", ""},
	5: {"响应很快，问题当天就解决了，点赞！", "主动靠前服务，真正把一线的事当自己的事", "非常满意，下沉服务很实在", "办事效率高，一次办结", ""},
}

var badComments = map[string][]string{
	CodeSupply: {"办公用品申领拖了两周还没发下来", "劳保用品发放不及时，手套都磨破了还没换", "物资采购周期太长，影响生产", "库房说没货，问什么时候到也说不清",
		"申领单退回三次，每次只说一个问题", "急需的备件等了半个月"},
	CodeLogistics:  {"落水管漏了一个月，后勤说归生产技术部管", "车间门窗坏了报修好几次没人来", "报修后互相推诿，至今未修"},
	CodeProduction: {"电路跳闸报给生产技术部，又让找后勤", "技术支持响应太慢"},
}

var answerTexts = []string{
	"已约谈相关责任人，问题已整改到位，并建立周跟踪机制。",
	"已于现场完成处置，同步修订内部办理流程，明确首问责任人。",
	"物资已配送到位，今后实行每周二、周四定时配送。",
	"已与申请单位当面沟通，按承诺时限办结，并将办理结果回访确认。",
	"已明确专人负责，后续同类诉求1个工作日内响应。",
}

var reanswerTexts = []string{
	"第二次整改：已更换施工队伍，重新处置并邀请单位现场验收。",
	"补充整改：增加备货并调整发放计划，已逐项核对到位。",
}

// Visit purposes; {U} is the unit visited.
var visitPurposes = map[string][]string{
	CodeOffice:        {"到{U}了解公文流转和办事跑腿情况", "到{U}收集对机关服务的意见建议"},
	CodeHR:            {"到{U}了解人手不足和轮岗交流问题", "到{U}开展职称政策宣讲", "到{U}核实人员借调情况"},
	CodePartyBuilding: {"到{U}指导党支部“三会一课”", "到{U}党建联系点开展主题党日", "到{U}开展台账减负调研"},
	CodeDiscipline:    {"到{U}开展作风效能明察暗访", "到{U}听取效能投诉问题整改意见"},
	CodePolitical:     {"到{U}开展职工思想动态座谈", "到{U}采访先进典型"},
	CodeFinance:       {"到{U}开展报销政策现场辅导", "到{U}核对零星费用预算"},
	CodeProduction:    {"到{U}现场解决设备技术难题", "到{U}开展工艺技术指导", "到{U}排查电器电路隐患"},
	CodeSafety:        {"到{U}开展安全隐患排查", "到{U}指导应急演练", "到{U}检查劳保用品配备"},
	CodeSupply:        {"到{U}核对物资需求计划", "到{U}现场发放劳保用品"},
	CodeLogistics:     {"到{U}现场查看落水管和门窗维修需求", "到{U}检查办公条件改善情况", "到{U}解决宿舍维修问题"},
	CodeIT:            {"到{U}开展网络和打印机巡检", "到{U}培训网上办公系统使用"},
	CodeComprehensive: {"到{U}开展治安巡查", "到{U}调解矛盾纠纷"},
}

// complaintDef is one efficiency complaint of the demo.
type complaintDef struct {
	category complaint.Category
	dept     string // department code ("" = none)
	staff    bool   // also against a staff member of dept
	text     string
	findings string
	feedback string
}

var complaintDefs = []complaintDef{
	{complaint.CategoryBuckPassing, CodeLogistics, false,
		"车间办公楼落水管破裂两个月，报给后勤服务中心说归生产技术部，生产技术部又说归后勤，来回推了四次到现在没人修。",
		"经核查，该诉求在后勤服务中心与生产技术部之间转办4次，其中2次超过1个工作日首办时限，属推诿扯皮。",
		"经核查，您反映的问题属实。落水管已于投诉受理后3个工作日内修复，相关部门已作出书面检查，责任清单已明确落水管由后勤服务中心负责。"},
	{complaint.CategoryDelay, CodeSupply, false,
		"申领劳保手套和工作服已经三周，物资供应部一直说在走采购流程，一线职工只能自己买。",
		"物资供应部未按季度首月发放劳保用品，采购计划报送滞后12个工作日。",
		"您反映的问题属实，劳保用品已补发到位，物资供应部已调整采购计划，今后按季度首月集中发放。"},
	{complaint.CategoryAttitude, CodeSupply, true,
		"到物资供应部库房领用办公用品，工作人员态度生硬，说“没货就等着”，不告知何时到货。",
		"经调查，当事人答复不规范，未履行一次性告知义务。",
		"经调查，反映情况基本属实，已对当事人批评教育，库房已公示常用物资到货周期。"},
	{complaint.CategoryBuckPassing, CodeProduction, false,
		"车间配电箱频繁跳闸，报修给生产技术部说办公区电路归后勤，后勤又说是生产设备，两边都不来。",
		"电器电路维修在责任清单中责任部门为生产技术部、牵头管理部门为后勤服务中心，双方对“办公区电路”理解不一致，属职责交叉。",
		"已修复。机关已修订责任清单，明确办公区照明插座由后勤服务中心负责、其余电路由生产技术部负责。"},
	{complaint.CategoryDiscipline, CodeOffice, true,
		"办公室值班人员上班时间多次联系不上，脱岗现象严重。",
		"经核查考勤及值班记录，当事人存在2次脱岗情况。",
		"经核查，您反映的问题属实，已按规定严肃处理。"},
	{complaint.CategoryOther, CodePartyBuilding, false,
		"党建台账要求每月报纸质版，内容和平台上的重复，一线疲于应付。",
		"党建工作部确有要求重复报送纸质台账的情况，违反负面清单规定。",
		"已取消重复报送的纸质台账，今后以信息平台数据为准。"},
	{complaint.CategoryDelay, CodeFinance, false,
		"车间零星维修费用报销单提交一个多月还没付款，也没人说明原因。",
		"报销单因附件不全被退回，但未一次性告知，造成反复补件。",
		"已完成支付，计划财务部已实行退单一次性告知制度。"},
	{complaint.CategoryBuckPassing, CodeIT, false,
		"值班室空调不制冷，信息中心说不归他们管，后勤说要信息中心先确认，拖了一周。",
		"", "经核查，空调维修属后勤服务中心职责，信息中心已按规定转办，不属于推诿，不予受理。"},
	{complaint.CategoryAttitude, CodeHR, true,
		"到组织人事部咨询工资核定问题，被要求找车间自己算。",
		"当事人答复不当，已批评教育。", "经核查，反映情况属实，工资核定问题已答复并纠正。"},
	{complaint.CategoryDelay, CodeLogistics, false,
		"车间大门变形关不上，报修后说要等年度维修计划，已经一个半月。",
		"维修纳入年度计划导致延误，未按承诺5个工作日内修复。",
		"已完成修复，后勤服务中心已承诺影响生产安全的维修即报即修。"},
	{complaint.CategoryOther, "", false,
		"厂区路灯坏了很久，不知道该找哪个部门，问了几个部门都说不归自己管。",
		"经查，厂区道路及路灯维修在责任清单中无责任部门，属职责空白。",
		"已由办公室协调修复路灯，并已提请修订责任清单明确责任部门。"},
	{complaint.CategoryDiscipline, CodeProduction, true,
		"生产技术部技术人员到车间指导时接打私人电话，态度敷衍。",
		"", "经核查，未发现反映的问题，不予受理。"},
	{complaint.CategoryBuckPassing, CodeLogistics, false,
		"开水器坏了报给后勤，后勤说饮水设备不在他们清单里，退回办公室，办公室又转回来。",
		"饮水设备在责任清单中无责任部门，后勤服务中心与办公室之间转办2次。",
		"开水器已修复。已建议修订责任清单明确饮水设备由后勤服务中心负责。"},
	{complaint.CategoryDelay, CodeSafety, false,
		"申请对行车进行安全检查，安全环保部答复要排期，已经等了两周。",
		"", ""},
	{complaint.CategoryOther, CodeHR, false,
		"机关长期从车间借调人员，车间本身人手不足，借调人员迟迟不归还。",
		"", ""},
	{complaint.CategoryAttitude, CodeFinance, false,
		"报销窗口只在上午开放，一线职工倒班很难赶上。",
		"", ""},
	{complaint.CategoryDelay, CodeSupply, false,
		"申请采购的检测试剂一个月未到货，检测工作被迫暂停。",
		"", ""},
	{complaint.CategoryBuckPassing, CodeProduction, false,
		"车间照明线路老化冒火花，报生产技术部说属办公区照明，让找后勤。",
		"", ""},
	{complaint.CategoryDiscipline, CodeComprehensive, true,
		"门卫值班人员夜间睡岗。",
		"", ""},
	{complaint.CategoryOther, CodeOffice, false,
		"每周要求车间主任和书记同时到机关开会，车间没人管生产。",
		"", ""},
	{complaint.CategoryDelay, CodeLogistics, false,
		"宿舍卫生间下水堵塞报修后一直没人来。",
		"", ""},
	{complaint.CategoryAttitude, CodeLogistics, false,
		"后勤维修人员上门后说“这不归我们修”，一句话就走了。",
		"", ""},
	{complaint.CategoryOther, CodeDiscipline, false,
		"效能投诉电话总是无人接听。",
		"", ""},
	{complaint.CategoryDelay, CodeIT, false,
		"办公系统账号申请一周还没开通，新同事无法办公。",
		"", ""},
	{complaint.CategoryBuckPassing, CodeSupply, false,
		"劳保用品尺码不对要换，物资供应部说要安全环保部批，安全环保部说直接找物资供应部。",
		"", ""},
}
