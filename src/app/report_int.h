/* report_int: what the report's parts (report.c, report_health.c,
 * report_issues.c, report_approvals.c) share. Internal to src/app. */
#ifndef OPSDECK_APP_REPORT_INT_H
#define OPSDECK_APP_REPORT_INT_H

#include <time.h>

#include <jansson.h>

/* A JSON string of remote text: as it is when jansson takes it, else
 * sanitised (jansson refuses invalid UTF-8); null for NULL. */
json_t	*json_text(const char *s);
/* An RFC 3339 UTC time; null for 0. */
json_t	*json_time(time_t t);

#endif
