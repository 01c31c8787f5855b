package store

// MigrateBefore applies the migrations before the first file whose name
// ends in stop: a database as an older release left it.
var MigrateBefore = migrate
