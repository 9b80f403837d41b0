-- 0006: saved list filters — a user's named queries over tips or cases,
-- optionally shared with the user's department.
CREATE TABLE saved_filters (
  id {{id}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  department_id BIGINT NOT NULL REFERENCES departments(id),
  entity TEXT NOT NULL,          -- tips | cases
  name TEXT NOT NULL,
  query TEXT NOT NULL,           -- the list URL's query string, e.g. state=pending&overdue=true
  shared INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX saved_filters_user ON saved_filters(user_id);
