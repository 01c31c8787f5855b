package export

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"time"

	"xiaoneng/ent"
	"xiaoneng/internal/auth"
)

var zone = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()

func jsonEncode(w io.Writer, v any) error { return json.NewEncoder(w).Encode(v) }

// tables are the exportable connections, by their GraphQL names.
var tables = map[string]table{
	"tasks":               tasksTable,
	"ratings":             ratingsTable,
	"rectifications":      rectificationsTable,
	"complaints":          complaintsTable,
	"serviceVisits":       visitsTable,
	"staffMembers":        staffTable,
	"departments":         departmentsTable,
	"responsibilityItems": itemsTable,
}

// Tables lists the exportable connection names (for docs and tests).
func Tables() []string {
	out := make([]string, 0, len(tables))
	for k := range tables {
		out = append(out, k)
	}
	return out
}

func ts(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(zone).Format("2006-01-02 15:04")
}

func tsp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return ts(*t)
}

func yes(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func deptName(d *ent.Department) string {
	if d == nil {
		return ""
	}
	return d.Name
}

func staffName(s *ent.Staff) string {
	if s == nil {
		return ""
	}
	return s.Name
}

func label[K ~string](m map[K]string, k K) string {
	if s, ok := m[k]; ok {
		return s
	}
	return string(k)
}

// order decodes orderBy into a field of type F via its UnmarshalGQL.
func order[F any, PF interface {
	*F
	UnmarshalGQL(any) error
}](raw string) (*F, ent.OrderDirection, bool, error) {
	name, dir, ok, err := decodeOrder(raw)
	if err != nil || !ok {
		if err != nil {
			err = &badInput{"orderBy", err}
		}
		return nil, dir, false, err
	}
	f := PF(new(F))
	if err := f.UnmarshalGQL(name); err != nil {
		return nil, dir, false, &badInput{"orderBy", err}
	}
	return (*F)(f), dir, true, nil
}

func where[W any](raw string) (*W, error) {
	w := new(W)
	if err := decodeWhere(raw, w); err != nil {
		return nil, &badInput{"where", err}
	}
	return w, nil
}

var (
	taskKinds = map[string]string{"ROUTINE": "日常工作", "PROJECT": "项目", "RESEARCH": "课题", "REPAIR": "维修",
		"REQUEST": "一线诉求", "RECTIFICATION": "整改", "MEETING": "会议", "LEDGER": "台账"}
	taskStatuses   = map[string]string{"NEW": "新建", "ACCEPTED": "已受理", "IN_PROGRESS": "办理中", "DONE": "已办结", "CANCELLED": "已取消"}
	taskPriorities = map[string]string{"LOW": "低", "NORMAL": "普通", "HIGH": "高", "URGENT": "紧急"}
	appealStatuses = map[string]string{"NONE": "无", "PENDING": "申诉中", "UPHELD": "维持", "VOIDED": "已撤销"}
	rectStatuses   = map[string]string{"OPEN": "整改中", "ANSWERED": "已答复", "CLOSED": "已办结"}
	verdicts       = map[string]string{"SATISFIED": "满意", "BASICALLY_SATISFIED": "基本满意", "DISSATISFIED": "不满意"}
	complaintCats  = map[string]string{"BUCK_PASSING": "推诿扯皮", "DELAY": "拖延", "DISCIPLINE": "作风纪律", "ATTITUDE": "服务态度", "OTHER": "其他"}
	complaintStats = map[string]string{"RECEIVED": "已收到", "ACCEPTED": "已受理", "INVESTIGATING": "调查核实中", "RESOLVED": "已办结", "REJECTED": "不予受理"}
	deptKinds      = map[string]string{"AGENCY": "机关部门", "FRONTLINE": "一线单位"}
	itemLists      = map[string]string{"POWER": "权力清单", "RESPONSIBILITY": "责任清单", "NEGATIVE": "负面清单"}
)

func hoursText(h float64) string {
	return strings.TrimRight(strings.TrimRight(fmtFloat(h), "0"), ".")
}

func fmtFloat(f float64) string {
	b, _ := json.Marshal(f)
	s := string(b)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

var tasksTable = table{
	sheet: sheet{
		title: "工作任务",
		headers: []string{"任务名称", "类型", "优先级", "状态", "牵头部门", "配合部门", "承办人（工时）",
			"首问责任人", "提出单位", "开始时间", "办结时限", "办结时间", "是否逾期"},
		widths: []float64{40, 10, 8, 10, 18, 24, 32, 12, 14, 17, 17, 17, 9},
	},
	build: func(v *auth.Viewer, c *ent.Client, whereRaw, orderRaw string) (pageFunc, error) {
		w, err := where[ent.TaskWhereInput](whereRaw)
		if err != nil {
			return nil, err
		}
		opts := []ent.TaskPaginateOption{ent.WithTaskFilter(w.Filter)}
		if f, dir, ok, err := order[ent.TaskOrderField](orderRaw); err != nil {
			return nil, err
		} else if ok {
			opts = append(opts, ent.WithTaskOrder(&ent.TaskOrder{Direction: dir, Field: f}))
		}
		// FRONTLINE may not read staff hours (assignments): the column stays empty for them.
		hours := v.Role != auth.RoleFrontline
		return func(ctx context.Context, after *ent.Cursor, n int) ([][]any, int, *ent.Cursor, error) {
			q := c.Task.Query().WithLeadDepartment().WithCoDepartments().WithFirstResponder().WithRequestingUnit()
			if hours {
				q.WithAssignments(func(aq *ent.TaskAssignmentQuery) { aq.WithStaff() })
			}
			conn, err := q.Paginate(ctx, after, &n, nil, nil, opts...)
			if err != nil {
				return nil, 0, nil, err
			}
			now := time.Now()
			rows := make([][]any, 0, len(conn.Edges))
			for _, e := range conn.Edges {
				t := e.Node
				var co, who []string
				for _, d := range t.Edges.CoDepartments {
					co = append(co, d.Name)
				}
				for _, a := range t.Edges.Assignments {
					who = append(who, staffName(a.Edges.Staff)+" "+hoursText(a.Hours)+"小时")
				}
				overdue := t.Status != "DONE" && t.Status != "CANCELLED" && t.DueAt.Before(now)
				rows = append(rows, []any{t.Title, label(taskKinds, string(t.Kind)), label(taskPriorities, string(t.Priority)),
					label(taskStatuses, string(t.Status)), deptName(t.Edges.LeadDepartment), strings.Join(co, "、"),
					strings.Join(who, "、"), staffName(t.Edges.FirstResponder), deptName(t.Edges.RequestingUnit),
					ts(t.StartAt), ts(t.DueAt), tsp(t.CompletedAt), yes(overdue)})
			}
			return rows, conn.TotalCount, next(conn.PageInfo), nil
		}, nil
	},
}

func next(p ent.PageInfo) *ent.Cursor {
	if !p.HasNextPage || p.EndCursor == nil {
		return nil
	}
	return p.EndCursor
}

var ratingsTable = table{
	sheet: sheet{
		title: "一线打分",
		headers: []string{"评价时间", "被评价部门", "评价单位", "总体评分", "响应速度", "解决问题", "服务态度",
			"评语", "匿名", "申诉状态", "整改状态"},
		widths: []float64{17, 20, 14, 9, 9, 9, 9, 50, 6, 10, 10},
	},
	build: func(_ *auth.Viewer, c *ent.Client, whereRaw, orderRaw string) (pageFunc, error) {
		w, err := where[ent.RatingWhereInput](whereRaw)
		if err != nil {
			return nil, err
		}
		opts := []ent.RatingPaginateOption{ent.WithRatingFilter(w.Filter)}
		if f, dir, ok, err := order[ent.RatingOrderField](orderRaw); err != nil {
			return nil, err
		} else if ok {
			opts = append(opts, ent.WithRatingOrder(&ent.RatingOrder{Direction: dir, Field: f}))
		}
		return func(ctx context.Context, after *ent.Cursor, n int) ([][]any, int, *ent.Cursor, error) {
			conn, err := c.Rating.Query().WithTargetDepartment().WithRaterUnit().WithRectification().
				Paginate(ctx, after, &n, nil, nil, opts...)
			if err != nil {
				return nil, 0, nil, err
			}
			rows := make([][]any, 0, len(conn.Edges))
			for _, e := range conn.Edges {
				r := e.Node
				rect := ""
				if x := r.Edges.Rectification; x != nil {
					rect = label(rectStatuses, string(x.Status))
				}
				rows = append(rows, []any{ts(r.CreatedAt), deptName(r.Edges.TargetDepartment), deptName(r.Edges.RaterUnit),
					r.Score, r.Responsiveness, r.Resolution, r.Attitude, r.Comment, yes(r.Anonymous),
					label(appealStatuses, string(r.AppealStatus)), rect})
			}
			return rows, conn.TotalCount, next(conn.PageInfo), nil
		}, nil
	},
}

var rectificationsTable = table{
	sheet: sheet{
		title: "差评整改",
		headers: []string{"创建时间", "整改部门", "评分", "差评评语", "状态", "整改时限", "答复", "答复时间",
			"评价结果", "重新整改次数", "办结时间"},
		widths: []float64{17, 20, 6, 40, 10, 17, 40, 17, 10, 8, 17},
	},
	build: func(_ *auth.Viewer, c *ent.Client, whereRaw, orderRaw string) (pageFunc, error) {
		w, err := where[ent.RectificationWhereInput](whereRaw)
		if err != nil {
			return nil, err
		}
		opts := []ent.RectificationPaginateOption{ent.WithRectificationFilter(w.Filter)}
		if f, dir, ok, err := order[ent.RectificationOrderField](orderRaw); err != nil {
			return nil, err
		} else if ok {
			opts = append(opts, ent.WithRectificationOrder(&ent.RectificationOrder{Direction: dir, Field: f}))
		}
		return func(ctx context.Context, after *ent.Cursor, n int) ([][]any, int, *ent.Cursor, error) {
			conn, err := c.Rectification.Query().WithDepartment().WithRating().
				Paginate(ctx, after, &n, nil, nil, opts...)
			if err != nil {
				return nil, 0, nil, err
			}
			rows := make([][]any, 0, len(conn.Edges))
			for _, e := range conn.Edges {
				r := e.Node
				score, comment := any(""), ""
				if rt := r.Edges.Rating; rt != nil {
					score, comment = rt.Score, rt.Comment
				}
				verdict := ""
				if r.Verdict != nil {
					verdict = label(verdicts, string(*r.Verdict))
				}
				rows = append(rows, []any{ts(r.CreatedAt), deptName(r.Edges.Department), score, comment,
					label(rectStatuses, string(r.Status)), ts(r.DueAt), r.Answer, tsp(r.AnsweredAt), verdict,
					r.ReopenCount, tsp(r.ClosedAt)})
			}
			return rows, conn.TotalCount, next(conn.PageInfo), nil
		}, nil
	},
}

var complaintsTable = table{
	sheet: sheet{
		title: "效能投诉",
		headers: []string{"查询码", "类别", "状态", "被投诉部门", "被投诉人", "投诉人", "联系方式", "收到时间",
			"受理时限", "办结时限", "办结时间", "投诉内容", "答复"},
		widths: []float64{14, 10, 10, 18, 10, 10, 16, 17, 17, 17, 17, 50, 40},
	},
	build: func(_ *auth.Viewer, c *ent.Client, whereRaw, orderRaw string) (pageFunc, error) {
		w, err := where[ent.ComplaintWhereInput](whereRaw)
		if err != nil {
			return nil, err
		}
		opts := []ent.ComplaintPaginateOption{ent.WithComplaintFilter(w.Filter)}
		if f, dir, ok, err := order[ent.ComplaintOrderField](orderRaw); err != nil {
			return nil, err
		} else if ok {
			opts = append(opts, ent.WithComplaintOrder(&ent.ComplaintOrder{Direction: dir, Field: f}))
		}
		return func(ctx context.Context, after *ent.Cursor, n int) ([][]any, int, *ent.Cursor, error) {
			conn, err := c.Complaint.Query().WithDepartment().WithStaff().
				Paginate(ctx, after, &n, nil, nil, opts...)
			if err != nil {
				return nil, 0, nil, err
			}
			rows := make([][]any, 0, len(conn.Edges))
			for _, e := range conn.Edges {
				x := e.Node
				who := x.ComplainantName
				if x.Anonymous {
					who = "匿名"
				}
				rows = append(rows, []any{x.TrackingCode, label(complaintCats, string(x.Category)),
					label(complaintStats, string(x.Status)), deptName(x.Edges.Department), staffName(x.Edges.Staff),
					who, x.ComplainantContact, ts(x.ReceivedAt), ts(x.AcceptDueAt), tsp(x.ResolveDueAt),
					tsp(x.ResolvedAt), x.Text, x.Feedback})
			}
			return rows, conn.TotalCount, next(conn.PageInfo), nil
		}, nil
	},
}

var visitsTable = table{
	sheet: sheet{
		title:   "下沉服务",
		headers: []string{"服务时间", "机关部门", "服务人", "一线单位", "服务事由", "解决问题数", "确认情况", "确认时间"},
		widths:  []float64{17, 20, 10, 14, 40, 10, 10, 17},
	},
	build: func(_ *auth.Viewer, c *ent.Client, whereRaw, orderRaw string) (pageFunc, error) {
		w, err := where[ent.ServiceVisitWhereInput](whereRaw)
		if err != nil {
			return nil, err
		}
		opts := []ent.ServiceVisitPaginateOption{ent.WithServiceVisitFilter(w.Filter)}
		if f, dir, ok, err := order[ent.ServiceVisitOrderField](orderRaw); err != nil {
			return nil, err
		} else if ok {
			opts = append(opts, ent.WithServiceVisitOrder(&ent.ServiceVisitOrder{Direction: dir, Field: f}))
		}
		return func(ctx context.Context, after *ent.Cursor, n int) ([][]any, int, *ent.Cursor, error) {
			conn, err := c.ServiceVisit.Query().WithDepartment().WithStaff().WithUnit().
				Paginate(ctx, after, &n, nil, nil, opts...)
			if err != nil {
				return nil, 0, nil, err
			}
			rows := make([][]any, 0, len(conn.Edges))
			for _, e := range conn.Edges {
				x := e.Node
				state := "待确认"
				switch {
				case x.Confirmed:
					state = "已确认"
				case x.ConfirmedAt != nil:
					state = "有异议"
				}
				rows = append(rows, []any{ts(x.VisitedAt), deptName(x.Edges.Department), staffName(x.Edges.Staff),
					deptName(x.Edges.Unit), x.Purpose, x.ProblemsSolved, state, tsp(x.ConfirmedAt)})
			}
			return rows, conn.TotalCount, next(conn.PageInfo), nil
		}, nil
	},
}

var staffTable = table{
	sheet: sheet{
		title:   "干部名册",
		headers: []string{"姓名", "工号", "职务", "职级", "部门", "周工作容量（小时）", "在岗"},
		widths:  []float64{10, 12, 16, 12, 20, 12, 6},
	},
	build: func(_ *auth.Viewer, c *ent.Client, whereRaw, orderRaw string) (pageFunc, error) {
		w, err := where[ent.StaffWhereInput](whereRaw)
		if err != nil {
			return nil, err
		}
		opts := []ent.StaffPaginateOption{ent.WithStaffFilter(w.Filter)}
		if f, dir, ok, err := order[ent.StaffOrderField](orderRaw); err != nil {
			return nil, err
		} else if ok {
			opts = append(opts, ent.WithStaffOrder(&ent.StaffOrder{Direction: dir, Field: f}))
		}
		return func(ctx context.Context, after *ent.Cursor, n int) ([][]any, int, *ent.Cursor, error) {
			conn, err := c.Staff.Query().WithDepartment().Paginate(ctx, after, &n, nil, nil, opts...)
			if err != nil {
				return nil, 0, nil, err
			}
			rows := make([][]any, 0, len(conn.Edges))
			for _, e := range conn.Edges {
				s := e.Node
				rows = append(rows, []any{s.Name, s.EmployeeNo, s.Position, s.Rank, deptName(s.Edges.Department),
					s.WeeklyCapacityHours, yes(s.Active)})
			}
			return rows, conn.TotalCount, next(conn.PageInfo), nil
		}, nil
	},
}

var departmentsTable = table{
	sheet: sheet{
		title:   "组织机构",
		headers: []string{"名称", "编码", "类型", "上级部门", "年度下沉服务次数"},
		widths:  []float64{24, 12, 10, 20, 12},
	},
	build: func(_ *auth.Viewer, c *ent.Client, whereRaw, orderRaw string) (pageFunc, error) {
		w, err := where[ent.DepartmentWhereInput](whereRaw)
		if err != nil {
			return nil, err
		}
		opts := []ent.DepartmentPaginateOption{ent.WithDepartmentFilter(w.Filter)}
		if f, dir, ok, err := order[ent.DepartmentOrderField](orderRaw); err != nil {
			return nil, err
		} else if ok {
			opts = append(opts, ent.WithDepartmentOrder(&ent.DepartmentOrder{Direction: dir, Field: f}))
		}
		return func(ctx context.Context, after *ent.Cursor, n int) ([][]any, int, *ent.Cursor, error) {
			conn, err := c.Department.Query().WithParent().Paginate(ctx, after, &n, nil, nil, opts...)
			if err != nil {
				return nil, 0, nil, err
			}
			rows := make([][]any, 0, len(conn.Edges))
			for _, e := range conn.Edges {
				d := e.Node
				rows = append(rows, []any{d.Name, d.Code, label(deptKinds, string(d.Kind)), deptName(d.Edges.Parent),
					d.VisitQuotaPerYear})
			}
			return rows, conn.TotalCount, next(conn.PageInfo), nil
		}, nil
	},
}

var itemsTable = table{
	sheet: sheet{
		title: "责任清单",
		headers: []string{"清单", "事项", "分类", "关键词", "责任部门", "牵头管理部门", "响应时限（工作小时）",
			"办结时限（工作日）", "服务承诺", "依据", "联系方式"},
		widths: []float64{10, 24, 28, 24, 18, 18, 10, 10, 36, 30, 16},
	},
	build: func(_ *auth.Viewer, c *ent.Client, whereRaw, orderRaw string) (pageFunc, error) {
		w, err := where[ent.ResponsibilityItemWhereInput](whereRaw)
		if err != nil {
			return nil, err
		}
		opts := []ent.ResponsibilityItemPaginateOption{ent.WithResponsibilityItemFilter(w.Filter)}
		if f, dir, ok, err := order[ent.ResponsibilityItemOrderField](orderRaw); err != nil {
			return nil, err
		} else if ok {
			opts = append(opts, ent.WithResponsibilityItemOrder(&ent.ResponsibilityItemOrder{Direction: dir, Field: f}))
		}
		return func(ctx context.Context, after *ent.Cursor, n int) ([][]any, int, *ent.Cursor, error) {
			conn, err := c.ResponsibilityItem.Query().WithResponsibleDepartment().WithLeadDepartment().
				Paginate(ctx, after, &n, nil, nil, opts...)
			if err != nil {
				return nil, 0, nil, err
			}
			rows := make([][]any, 0, len(conn.Edges))
			for _, e := range conn.Edges {
				x := e.Node
				rows = append(rows, []any{label(itemLists, string(x.List)), x.Title, x.CategoryPath,
					strings.Join(x.Keywords, "、"), deptName(x.Edges.ResponsibleDepartment), deptName(x.Edges.LeadDepartment),
					x.RespondWithinHours, x.ResolveWithinDays, x.Commitment, x.LegalBasis, x.Contact})
			}
			return rows, conn.TotalCount, next(conn.PageInfo), nil
		}, nil
	},
}
