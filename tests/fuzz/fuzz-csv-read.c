/* The CSV reader (src/format/csv-read.c) and the writer's field quoting
 * (out_csv_line): any bytes are read without a crash, within the reader's
 * bounds; and every record read, written back by the writer and read
 * again, gives the same fields (the formula escape taken away), in the
 * same number of records. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/csv-read.h"
#include "format/format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_reader *r = csv_reader_open_mem((const char *)data, size);
	struct csv_record rec;
	char *again = NULL;
	size_t again_len = 0, nrec = 0;
	FILE *fp = open_memstream(&again, &again_len);
	struct csv_reader *r2;

	if (!fp)
		abort();
	/* A BOM first: a first field that starts with one keeps it. */
	fputs("\xef\xbb\xbf", fp);
	while (csv_read(r, &rec) == CSV_RECORD) {
		if (rec.nfields == 0 || rec.nfields >= CSV_FIELDS_MAX)
			abort();
		for (size_t i = 0; i < rec.nfields; i++)
			if (strlen(rec.fields[i]) > CSV_FIELD_MAX)
				abort();
		out_csv_line(fp, (const char *const *)rec.fields, rec.nfields);
		nrec++;
	}
	if (fclose(fp) != 0)
		abort();

	/* Read back, record by record, against a second reading of the input. */
	csv_reader_close(r);
	r = csv_reader_open_mem((const char *)data, size);
	r2 = csv_reader_open_mem(again, again_len);
	csv_reader_set_field_max(r2, CSV_FIELD_MAX + 1); /* the escape's apostrophe */
	for (size_t n = 0; n < nrec; n++) {
		struct csv_record a, b;
		char **copy;

		if (csv_read(r, &a) != CSV_RECORD)
			abort();
		copy = malloc(a.nfields * sizeof *copy);
		for (size_t i = 0; i < a.nfields; i++)
			copy[i] = strdup(a.fields[i]);
		if (csv_read(r2, &b) != CSV_RECORD || b.nfields != a.nfields)
			abort();
		for (size_t i = 0; i < a.nfields; i++) {
			if (strcmp(csv_formula_unescape(b.fields[i]), copy[i]) != 0)
				abort();
			free(copy[i]);
		}
		free(copy);
	}
	if (csv_read(r2, &rec) != CSV_END)
		abort();
	csv_reader_close(r);
	csv_reader_close(r2);
	free(again);
	return 0;
}
