/* fuzz_csv.c — libFuzzer target for the CSV reader (src/io/csv.c).
 *
 * Reads every record until done or the first error. Each record read is also written
 * back with the writer and read again: the fields must come back unchanged (the
 * formula guard and the quoting are a bijection), else the target traps. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "io/csv.h"
#include "util/banned.h"

static void check_round_trip(const struct csv_reader *r)
{
	struct strbuf out = STRBUF_INIT;
	struct csv_reader again;
	bool done;

	if (csv_write_record(&out, (const char *const *)r->fields, r->n_fields))
		goto out;
	csv_reader_init(&again, out.buf, out.len);
	if (csv_read(&again, &done) || done || again.n_fields != r->n_fields)
		__builtin_trap();
	for (size_t i = 0; i < r->n_fields; i++) {
		if (strcmp(again.fields[i], r->fields[i]) != 0)
			__builtin_trap();
	}
	if (csv_read(&again, &done) || !done)
		__builtin_trap();
	csv_reader_release(&again);
out:
	strbuf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_reader r;
	bool done = false;

	csv_reader_init(&r, (const char *)data, size);
	for (;;) {
		enum dti_err err = csv_read(&r, &done);
		if (err || done)
			break;
		if (r.n_fields == 0 || r.record_line < 1 || r.line < r.record_line)
			__builtin_trap();
		check_round_trip(&r);
	}
	csv_reader_release(&r);
	return 0;
}
