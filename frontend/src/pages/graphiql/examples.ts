/** Example operations opened as GraphiQL's first tabs (only when the user has no saved tabs). */
export const EXAMPLE_TABS = [
  {
    query: `# 工作任务：按办结时限排序的前 20 项 / Tasks: the first 20 by deadline
query Tasks($first: Int = 20, $after: Cursor) {
  tasks(first: $first, after: $after, orderBy: {field: DUE_AT, direction: ASC}) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        title
        kind
        status
        priority
        dueAt
        leadDepartment {
          name
        }
        assignments {
          hours
          staff {
            name
          }
        }
      }
    }
  }
}
`,
  },
  {
    query: `# 当前用户 / The signed-in account
query Viewer {
  viewer {
    role
    scopes
    account {
      login
    }
    staff {
      name
      position
      department {
        name
      }
    }
  }
}
`,
  },
];
