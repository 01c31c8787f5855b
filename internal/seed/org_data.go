package seed

import "xiaoneng/ent/task"

// Department codes the planted problems refer to.
const (
	CodeRoot            = "ROOT"
	CodeOffice          = "AG01" // 办公室: busy; the `staff` account works here
	CodeHR              = "AG02" // 组织人事部
	CodePartyBuilding   = "AG03" // 党建工作部(机关党委): meetings and ledgers eat its week
	CodeDiscipline      = "AG04" // 纪检监察室: handles complaints
	CodePolitical       = "AG05" // 政治处: leads without doing
	CodeFinance         = "AG06" // 计划财务部
	CodeProduction      = "AG07" // 生产技术部: ping-pong partner
	CodeSafety          = "AG08" // 安全环保部: does it all
	CodeSupply          = "AG09" // 物资供应部: rated badly by the frontline
	CodeLogistics       = "AG10" // 后勤服务中心(基建房产): ping-pong partner
	CodeIT              = "AG11" // 信息中心: the `admin` account works here
	CodeComprehensive   = "AG12" // 综合治理办公室
	CodeWorkshop1       = "FL01" // 第一车间: the `frontline` account works here
	CodeMachineWorkshop = "FL04" // 机修车间
)

// deptDef describes one department of the demo agency.
type deptDef struct {
	code, name string
	frontline  bool
	size       int     // staff, head included
	headTitle  string  // 部长 / 主任 / 站长 …
	quota      int     // visit quota per year (agency departments)
	visitRate  float64 // visits actually made relative to the pro-rated quota
	rateBase   float64 // ratings a month the frontline gives it
	meanScore  float64 // centre of its rating distribution
	// profile: the share of hours of its own (non cross-department) work by kind.
	profile map[task.Kind]float64
}

var defaultProfile = map[task.Kind]float64{
	task.KindRoutine: .66, task.KindMeeting: .06, task.KindLedger: .10,
	task.KindProject: .10, task.KindResearch: .08,
}

var agencyDefs = []deptDef{
	{code: CodeOffice, name: "办公室", size: 10, headTitle: "主任", quota: 18, visitRate: 1.3, rateBase: 5, meanScore: 4.0,
		profile: map[task.Kind]float64{task.KindRoutine: .70, task.KindMeeting: .06, task.KindLedger: .12, task.KindProject: .07, task.KindResearch: .05}},
	{code: CodeHR, name: "组织人事部", size: 9, headTitle: "部长", quota: 18, visitRate: 1.25, rateBase: 6, meanScore: 4.0, profile: defaultProfile},
	{code: CodePartyBuilding, name: "党建工作部(机关党委)", size: 8, headTitle: "部长", quota: 18, visitRate: 1.2, rateBase: 4, meanScore: 3.9,
		profile: map[task.Kind]float64{task.KindMeeting: .48, task.KindLedger: .34, task.KindRoutine: .18}},
	{code: CodeDiscipline, name: "纪检监察室", size: 6, headTitle: "主任", quota: 12, visitRate: 1.3, rateBase: 3, meanScore: 4.1, profile: defaultProfile},
	{code: CodePolitical, name: "政治处", size: 9, headTitle: "主任", quota: 12, visitRate: 0.5, rateBase: 3.5, meanScore: 3.7,
		profile: map[task.Kind]float64{task.KindRoutine: .58, task.KindMeeting: .12, task.KindLedger: .20, task.KindResearch: .10}},
	{code: CodeFinance, name: "计划财务部", size: 9, headTitle: "部长", quota: 18, visitRate: 1.1, rateBase: 6, meanScore: 3.9, profile: defaultProfile},
	{code: CodeProduction, name: "生产技术部", size: 11, headTitle: "部长", quota: 24, visitRate: 1.35, rateBase: 7, meanScore: 3.6,
		profile: map[task.Kind]float64{task.KindRoutine: .36, task.KindRepair: .18, task.KindProject: .18, task.KindResearch: .10, task.KindMeeting: .06, task.KindLedger: .08}},
	{code: CodeSafety, name: "安全环保部", size: 9, headTitle: "部长", quota: 24, visitRate: 1.4, rateBase: 5, meanScore: 4.0,
		profile: map[task.Kind]float64{task.KindRoutine: .58, task.KindLedger: .12, task.KindMeeting: .08, task.KindProject: .12, task.KindResearch: .10}},
	{code: CodeSupply, name: "物资供应部", size: 9, headTitle: "部长", quota: 24, visitRate: 0.4, rateBase: 7, meanScore: 2.35,
		profile: map[task.Kind]float64{task.KindRoutine: .72, task.KindLedger: .16, task.KindMeeting: .06, task.KindProject: .06}},
	{code: CodeLogistics, name: "后勤服务中心(基建房产)", size: 11, headTitle: "主任", quota: 24, visitRate: 1.2, rateBase: 8, meanScore: 3.4,
		profile: map[task.Kind]float64{task.KindRepair: .36, task.KindRoutine: .42, task.KindMeeting: .05, task.KindLedger: .09, task.KindProject: .08}},
	{code: CodeIT, name: "信息中心", size: 8, headTitle: "主任", quota: 24, visitRate: 1.3, rateBase: 7, meanScore: 4.2,
		profile: map[task.Kind]float64{task.KindRoutine: .50, task.KindRepair: .20, task.KindProject: .16, task.KindMeeting: .05, task.KindLedger: .09}},
	{code: CodeComprehensive, name: "综合治理办公室", size: 7, headTitle: "主任", quota: 12, visitRate: 0.6, rateBase: 4, meanScore: 3.9, profile: defaultProfile},
}

var rootDef = deptDef{code: CodeRoot, name: "某机关", size: 5, headTitle: "局长",
	profile: map[task.Kind]float64{task.KindRoutine: .65, task.KindMeeting: .05, task.KindResearch: .30}}

var frontlineDefs = []deptDef{
	{code: "FL01", name: "第一车间", frontline: true, size: 5, headTitle: "车间主任"},
	{code: "FL02", name: "第二车间", frontline: true, size: 5, headTitle: "车间主任"},
	{code: "FL03", name: "第三车间", frontline: true, size: 5, headTitle: "车间主任"},
	{code: "FL04", name: "机修车间", frontline: true, size: 5, headTitle: "车间主任"},
	{code: "FL05", name: "动力车间", frontline: true, size: 5, headTitle: "车间主任"},
	{code: "FL06", name: "供水站", frontline: true, size: 5, headTitle: "站长"},
	{code: "FL07", name: "质量检测所", frontline: true, size: 5, headTitle: "所长"},
	{code: "FL08", name: "运输站", frontline: true, size: 5, headTitle: "站长"},
}

// Surnames roughly by frequency (common ones repeated), given-name characters.
var surnames = []rune("王王王李李李张张张刘刘刘陈陈杨杨黄黄赵赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶贺顾毛郝龚邵万钱严武戴孔汤")

var givenSingle = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚华鹏飞斌辉宇浩凯琳颖倩婷雪峰亮林波晨锋")

var givenFirst = []rune("建国志文海晓红玉春燕俊子欣思雨嘉振德立新永庆宏家丽秀桂金兰光天世学小佳晓一东")

var givenSecond = []rune("华明军平伟强芳英荣辉峰勇杰涛霞萍敏婷琳宇航博轩涵怡宁洁丹鑫磊瑞成龙亮")

// Positions and ranks.
const (
	rankHead       = "正科级领导职务"
	rankDeputy     = "副科级领导职务"
	rankRootHead   = "正处级领导职务"
	rankRootDeputy = "副处级领导职务"
)

var seniorRanks = []string{"一级主任科员", "二级主任科员"}
var midRanks = []string{"三级主任科员", "四级主任科员"}
var juniorRanks = []string{"一级科员", "二级科员", "四级主任科员"}
var frontRanks = []string{"高级技师", "技师", "高级工", "中级工"}
