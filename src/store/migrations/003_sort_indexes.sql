-- 003_sort_indexes.sql — the columns people sort the inventory by. With 100,000
-- processes, a page sorted by volume took ~40 ms without an index (every row read and
-- sorted) and ~1 ms with one. Large imports run ANALYZE so that the planner also
-- picks these indexes when a filter is combined with the sort.
CREATE INDEX processes_name ON processes(name);
CREATE INDEX processes_volume ON processes(volume_per_year);
CREATE INDEX processes_cost ON processes(annual_cost);
CREATE INDEX processes_updated ON processes(updated_at);
