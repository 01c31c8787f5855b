package schema

import "regexp"

var dayPattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
