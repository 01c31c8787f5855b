package seed

import "xiaoneng/ent/task"

// Title templates. Placeholders: {Y} year, {NY} next year, {Q} quarter
// (一…四), {M} month, {U} a frontline unit, {N} a small number.
var titleTemplates = map[string]map[task.Kind][]string{
	CodeRoot: {
		task.KindRoutine: {"审定{Y}年第{Q}季度重点工作计划", "审批{M}月份大额资金使用计划", "听取{U}工作情况汇报", "批示办理上级来文{N}件",
			"研究部署作风效能建设重点任务", "签批{M}月份干部人事事项", "带队检查{U}安全生产工作"},
		task.KindMeeting:  {"局党委会（{M}月第{N}次）", "局长办公会（{M}月）", "{Y}年第{Q}季度经济活动分析会", "领导班子专题民主生活会筹备会"},
		task.KindResearch: {"深入{U}蹲点调研一线人手不足问题", "机关作风效能建设专题调研", "一线单位办公条件改善专题调研"},
	},
	CodeOffice: {
		task.KindRoutine: {"起草{Y}年第{Q}季度工作总结", "{M}月份公文收发登记与督办", "编印第{N}期《机关工作简报》", "承办{U}来访接待工作",
			"整理{M}月份领导批示件办理情况", "机关公务用车{M}月调度安排", "督办{M}月份重点工作落实情况", "筹备{Y}年度工作会议材料",
			"修订《机关公文处理办法》", "办理上级来文转办与反馈（{M}月第{N}批）", "编写{M}月份大事记", "核稿{M}月份机关发文"},
		task.KindMeeting:  {"{M}月份办公室内部工作例会", "督查督办工作推进会", "公文质量讲评会（{M}月）"},
		task.KindLedger:   {"{M}月份督办事项台账更新", "第{Q}季度信息报送台账", "公务接待台账（{M}月）", "公务用车使用台账（{M}月）"},
		task.KindResearch: {"关于精简会议文件提升办会效率的调研", "机关网上审批流程现状调研"},
		task.KindProject:  {"机关网上审批流程改造（第{N}期）", "机关档案数字化整理"},
	},
	CodeHR: {
		task.KindRoutine: {"{M}月份职工工资核定与发放", "办理{N}名新招录人员入职手续", "{Y}年度职称评审材料初审", "更新{M}月份干部人事档案材料",
			"组织{M}月份新员工岗前培训", "办理{U}人员岗位调整手续", "核定{Y}年第{Q}季度绩效工资", "劳动合同续签（{M}月批次）",
			"编制{Y}年度教育培训计划", "办理{N}名职工退休手续", "干部任前公示及审批材料准备"},
		task.KindMeeting:  {"干部考察工作部署会", "{M}月份人事工作例会", "职称评审委员会会议"},
		task.KindLedger:   {"{M}月份人员变动台账", "干部人事档案专项审核台账", "第{Q}季度培训学时台账", "借调人员管理台账（{M}月）"},
		task.KindResearch: {"一线人员轮岗交流机制研究", "青年干部成长“导师制”实施效果调研"},
		task.KindProject:  {"人力资源信息系统数据治理", "{Y}年度公开招聘组织实施"},
	},
	CodePartyBuilding: {
		task.KindRoutine: {"指导{U}党支部换届选举", "{M}月份党费收缴核算", "审核{N}名入党积极分子材料", "编写党建工作简报第{N}期",
			"办理党员组织关系转接（{M}月）", "组织“七一”表彰材料", "指导{U}党支部规范化建设"},
		task.KindMeeting: {"党委理论学习中心组学习（{M}月）", "{M}月份支部书记例会", "“三会一课”督导推进会", "主题党日活动（{M}月）",
			"党建工作领导小组会议", "党风廉政建设专题会（{M}月）", "{U}党建联系点座谈会", "党员发展工作推进会", "党建品牌创建研讨会"},
		task.KindLedger: {"{M}月份“三会一课”台账检查", "党员学习打卡台账（{M}月）", "党支部工作手册台账汇总（{M}月）", "{U}党建台账抽查",
			"第{Q}季度党建工作考核台账", "党员发展工作台账（{M}月）", "上级党建检查迎检台账（第{N}批）", "主题教育资料台账整理（{M}月）"},
	},
	CodeDiscipline: {
		task.KindRoutine: {"办理{M}月份信访举报件", "开展节前廉洁提醒谈话", "{U}作风纪律明察暗访", "核查效能投诉线索（第{N}件）",
			"审核{M}月份干部廉政档案", "编发第{N}期警示教育通报"},
		task.KindMeeting:  {"纪检监察工作例会（{M}月）", "案件审理委员会会议"},
		task.KindLedger:   {"{M}月份信访举报台账", "第{Q}季度监督检查台账"},
		task.KindResearch: {"效能投诉机制运行情况调研"},
		task.KindProject:  {"廉政风险点排查防控"},
	},
	CodePolitical: {
		task.KindRoutine: {"撰写{M}月份宣传稿件", "编辑第{N}期内部刊物", "开展{M}月份职工思想动态分析", "组织{U}先进事迹采访",
			"维护门户网站宣传栏目（{M}月）", "起草{Y}年第{Q}季度思想政治工作总结"},
		task.KindMeeting:  {"政治工作例会（{M}月）", "宣传思想工作会议", "意识形态工作专题会"},
		task.KindLedger:   {"{M}月份宣传报道台账", "第{Q}季度意识形态工作台账", "职工思想动态分析台账（{M}月）"},
		task.KindResearch: {"青年职工思想状况调研"},
	},
	CodeFinance: {
		task.KindRoutine: {"{M}月份费用报销审核", "编制{M}月份财务报表", "{Y}年第{Q}季度预算执行分析", "编制{NY}年度预算草案",
			"办理{U}零星维修费用结算", "{M}月份固定资产盘点", "审核{M}月份采购合同付款", "配合年度审计准备资料", "核算{M}月份成本费用"},
		task.KindMeeting:  {"财务工作例会（{M}月）", "预算执行分析会（第{Q}季度）"},
		task.KindLedger:   {"{M}月份往来款项台账", "第{Q}季度资金使用台账", "固定资产台账更新（{M}月）"},
		task.KindResearch: {"成本精细化管控研究"},
		task.KindProject:  {"财务共享报账系统上线", "全面预算管理体系优化"},
	},
	CodeProduction: {
		task.KindRoutine: {"编制{M}月份生产作业计划", "审核{U}工艺变更申请", "{M}月份设备运行分析", "组织{U}技术攻关",
			"编制{NY}年度设备大修计划", "审查{U}技改方案", "{M}月份生产调度协调", "修订设备操作规程（第{N}册）", "编写{M}月份生产运行报告"},
		task.KindMeeting:  {"生产调度会（{M}月第{N}周）", "技术质量分析会（{M}月）", "设备管理例会"},
		task.KindLedger:   {"{M}月份设备点检台账", "第{Q}季度技术改造项目台账", "特种设备检验台账（{M}月）"},
		task.KindResearch: {"关键设备故障预测方法研究", "生产工艺节能降耗研究"},
		task.KindProject:  {"{U}生产线自动化改造", "设备全生命周期管理系统建设"},
		task.KindRepair:   {"{U}行车电气系统检修", "{U}动力线路改造", "{U}生产设备电机更换", "{U}配电柜检修"},
	},
	CodeSafety: {
		task.KindRoutine: {"{U}安全生产专项检查", "{M}月份隐患排查治理督办", "组织{U}应急演练", "审核{U}动火作业方案",
			"编制{M}月份安全生产通报", "开展{U}职业健康检查", "{M}月份环保设施运行检查", "特种作业人员持证情况核查"},
		task.KindMeeting:  {"安全生产委员会会议（第{Q}季度）", "{M}月份安全环保例会"},
		task.KindLedger:   {"{M}月份隐患排查治理台账", "第{Q}季度安全培训台账", "危险化学品管理台账（{M}月）"},
		task.KindResearch: {"高处作业安全防护改进研究", "双重预防机制建设研究"},
		task.KindProject:  {"安全生产标准化达标创建", "视频监控安全预警平台建设"},
	},
	CodeSupply: {
		task.KindRoutine: {"{M}月份办公用品集中采购", "{M}月份库存物资盘点", "办理{U}物资领用", "{Y}年第{Q}季度劳保用品发放",
			"审核{M}月份采购计划", "供应商资质年审（第{N}批）", "处置积压闲置物资", "{M}月份生产物资催交催运"},
		task.KindMeeting: {"物资供应工作例会（{M}月）", "采购评审会（第{N}次）"},
		task.KindLedger:  {"{M}月份物资出入库台账", "第{Q}季度采购合同台账", "劳保用品发放台账（{M}月）"},
		task.KindProject: {"物资管理信息系统升级"},
	},
	CodeLogistics: {
		task.KindRoutine: {"{M}月份办公区保洁检查", "职工食堂{M}月份食品安全检查", "{U}办公用房调配", "{M}月份水电费核算",
			"编制{NY}年度房屋维修计划", "职工宿舍{M}月份安全检查", "办公区绿化养护（{M}月）", "{M}月份物业服务考核"},
		task.KindMeeting: {"后勤保障工作例会（{M}月）", "基建项目推进会"},
		task.KindLedger:  {"{M}月份报修记录台账", "房产设施台账更新（{M}月）", "第{Q}季度能耗统计台账"},
		task.KindProject: {"{U}办公楼屋面防水改造", "职工宿舍改造工程"},
		task.KindRepair: {"{U}屋面防水维修", "{U}办公楼外墙修补", "{U}卫生间上下水改造", "{U}办公楼门窗更换", "{U}值班室空调维修",
			"办公区供暖管道检修", "{U}落水管整体更换"},
	},
	CodeIT: {
		task.KindRoutine: {"{M}月份机房巡检", "办公系统账号权限季度清理", "{U}网络设备巡检", "数据备份恢复演练（{M}月）",
			"网络安全漏洞扫描（{M}月）", "更新终端杀毒软件病毒库", "{M}月份信息化工单统计分析", "办公系统版本升级测试"},
		task.KindMeeting: {"信息化工作例会（{M}月）", "网络安全工作会议"},
		task.KindLedger:  {"{M}月份信息化设备台账", "第{Q}季度网络安全检查台账"},
		task.KindProject: {"机关无线网络覆盖工程", "效能监督信息平台建设（第{N}期）"},
		task.KindRepair:  {"{U}交换机更换", "{U}打印机集中检修", "{U}视频会议终端维修", "{U}监控存储设备维修"},
	},
	CodeComprehensive: {
		task.KindRoutine: {"{M}月份治安巡查", "{U}矛盾纠纷排查", "门卫值守情况检查（{M}月）", "办理门禁卡{N}张",
			"{M}月份消防设施巡查", "重要节日安保方案制定"},
		task.KindMeeting:  {"综治工作例会（{M}月）", "平安创建推进会"},
		task.KindLedger:   {"{M}月份矛盾纠纷排查台账", "第{Q}季度治安巡查台账"},
		task.KindResearch: {"门禁与出入管理优化研究"},
		task.KindProject:  {"厂区视频监控补盲工程"},
	},
}

// crossProjectTemplates are titles of work a department leads with
// co-departments (配合部门); the co-department codes are candidates.
type crossDef struct {
	titles []string
	co     []string
}

var crossProjects = map[string]crossDef{
	CodeRoot: {titles: []string{"{Y}年第{Q}季度重点工作督查", "“改进作风提升效能”专项行动总体部署"},
		co: []string{CodeOffice, CodeHR, CodeFinance}},
	CodeOffice: {titles: []string{"{Y}年第{Q}季度重点工作督查督办", "精文简会专项整治", "机关网上审批平台推广应用"},
		co: []string{CodeIT, CodeHR, CodeFinance, CodeComprehensive}},
	CodeHR: {titles: []string{"{Y}年度干部考核组织实施", "一线人员轮岗交流试点", "“导师制”师带徒结对工作"},
		co: []string{CodeOffice, CodeFinance, CodePartyBuilding, CodeProduction}},
	CodePartyBuilding: {titles: []string{"基层党支部标准化建设"},
		co: []string{CodeHR, CodeOffice}},
	CodeDiscipline: {titles: []string{"效能投诉专项核查", "廉洁风险防控体系建设"},
		co: []string{CodeFinance, CodeSupply, CodeOffice}},
	CodePolitical: {titles: []string{"作风效能建设专项行动（第{Q}季度）", "“改进作风提升效能”主题宣传活动", "{Y}年度评先评优组织实施",
		"机关干部思想动态专题调研", "先进典型选树宣传工程", "机关科部室蹲点联系点制度落实", "“一线工作法”推行工作"},
		co: []string{CodePartyBuilding, CodeDiscipline, CodeOffice, CodeHR, CodeComprehensive}},
	CodeFinance: {titles: []string{"{NY}年度全面预算编制", "成本费用专项治理", "资金支付流程优化"},
		co: []string{CodeProduction, CodeSupply, CodeLogistics, CodeIT}},
	CodeProduction: {titles: []string{"{U}生产线技术改造", "设备大修（第{Q}季度）", "节能降耗技术攻关"},
		co: []string{CodeSafety, CodeSupply, CodeFinance, CodeLogistics}},
	CodeSafety: {titles: []string{"{Y}年第{Q}季度安全生产大检查", "重大危险源隐患排查治理", "环保设施提标改造", "应急预案修订及综合演练",
		"安全生产标准化复审"},
		co: []string{CodeProduction, CodeLogistics, CodeComprehensive, CodeSupply}},
	CodeSupply: {titles: []string{"物资采购流程规范化", "库存物资清查处置"},
		co: []string{CodeFinance, CodeProduction}},
	CodeLogistics: {titles: []string{"一线单位办公条件改善工程", "办公区设施设备分类建档", "{U}办公用房修缮"},
		co: []string{CodeFinance, CodeProduction, CodeSupply}},
	CodeIT: {titles: []string{"电子办公无纸化推进", "效能监督平台建设", "办公网络安全加固"},
		co: []string{CodeOffice, CodeDiscipline, CodeFinance}},
	CodeComprehensive: {titles: []string{"平安厂区创建", "重要时段安保维稳"},
		co: []string{CodeSafety, CodeLogistics, CodeIT}},
}

// Agency-wide meetings that pull in every department's heads (部门双主管到场).
var agencyMeetings = []struct {
	lead  string
	title string
	every string // "week" or "month"
}{
	{CodeOffice, "机关周例会（{M}月第{N}周）", "week"},
	{CodeSafety, "安全生产例会（{M}月）", "month"},
	{CodePartyBuilding, "党委理论学习中心组扩大学习（{M}月）", "month"},
}

// Reasons given when a department hands a request on.
var transferReasons = map[[2]string][]string{
	{CodeLogistics, CodeProduction}: {"电路属电气设备，应由生产技术部负责", "不属于我部门职责范围", "涉及生产区域设施，应由生产技术部处理", "该设备由生产技术部管理，转生产技术部"},
	{CodeProduction, CodeLogistics}: {"办公区设施维修应由后勤负责", "应由后勤负责", "不属于我部门职责范围，退回后勤服务中心", "属房屋附属设施，应由后勤服务中心处理"},
	{CodeOffice, CodeLogistics}:     {"应由后勤负责", "属设施设备维修，转后勤服务中心"},
	{CodeLogistics, CodeOffice}:     {"清单未明确责任部门，退回办公室协调", "不属于我部门职责范围"},
	{CodeOffice, CodeSupply}:        {"办公用品领用由物资供应部负责"},
	{CodeIT, CodeLogistics}:         {"属空调设备问题，应由后勤负责", "非信息化设备，转后勤服务中心"},
	{CodeHR, CodePartyBuilding}:     {"党员组织关系转接由机关党委办理"},
	{CodeSupply, CodeSafety}:        {"劳保用品标准由安全环保部确定，请先核定"},
	{CodeSafety, CodeSupply}:        {"标准已核定，发放由物资供应部负责"},
}

var cancelReasons = []string{"工作安排调整，任务取消", "与其他任务合并办理", "上级通知暂缓执行", "需求方撤回"}

var commentTexts = []string{"已电话联系对接人，明确办理要求", "已到现场查看，正在制定方案", "等待物资到货", "已报分管领导审批", "进展顺利，按计划推进"}

var meetingRooms = []string{"机关三楼第一会议室", "机关二楼小会议室", "视频会议室", "党员活动室"}
