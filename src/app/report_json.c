/* report_json: the JSON values every part of the --once report writes
 * the same way (report_int.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "opsdeck/clock.h"
#include "opsdeck/text.h"
#include "report_int.h"

json_t *
json_text(const char *s)
{
	json_t *j;
	char *clean;

	if (s == NULL)
		return json_null();
	if ((j = json_string(s)) != NULL)
		return j;
	clean = text_sanitize(s, strlen(s), 1);
	j = json_string(clean != NULL ? clean : "");
	free(clean);
	return j;
}

json_t *
json_time(time_t t)
{
	char iso[32];

	if (t == 0)
		return json_null();
	clock_format_iso(iso, sizeof iso, t);
	return json_string(iso);
}
