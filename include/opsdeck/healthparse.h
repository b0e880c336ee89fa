/* healthparse: Prometheus and Alertmanager answers to health rows (pure:
 * bytes in, rows and a state out; fuzzed). Remote strings are kept raw;
 * whoever shows them sanitises them.
 *
 * Prometheus GET /api/v1/query: {"status":"success","data":{"resultType":
 * "vector","result":[{"metric":{...},"value":[ts,"0.97"]}]}} (a scalar is
 * one row; a matrix or string is not a value to judge); errors come with
 * 400/422/503 and {"status":"error","errorType":..,"error":..}, or as
 * text. Alertmanager GET /api/v2/alerts: an array of alerts with labels,
 * status.state, silencedBy, inhibitedBy; errors are a bare JSON string
 * (400) or {"code":..,"message":..}. */
#ifndef OPSDECK_HEALTHPARSE_H
#define OPSDECK_HEALTHPARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "opsdeck/health.h"

/* What to make of an empty vector. */
enum healthparse_empty { HP_EMPTY_OK, HP_EMPTY_UNKNOWN, HP_EMPTY_CRIT };

/* An answer (HTTP status, body) to rows of c (at most HEALTH_MAX_ROWS
 * kept, worst first, all counted), each series judged by warn/crit;
 * c->raw is the worst, c->value the worst value, c->value_text a summary.
 * 0 when the answer was read; -1 when it cannot be evaluated, with *why
 * (malloc'd: "Prometheus: bad_data: parse error ..."); c->raw is then
 * HEALTH_UNKNOWN. */
int	 healthparse_prom(const char *body, size_t len, long status,
	    const struct health_limit *warn, const struct health_limit *crit,
	    enum healthparse_empty, struct health_check *c, char **why);

/* Alertmanager's active alerts to rows: each alert's state from its
 * severity label (critical, page, error: crit; warning: warn; info,
 * none: ok; missing: warn); silenced and inhibited (suppressed) alerts
 * are rows apart that do not count towards the state. */
int	 healthparse_am(const char *body, size_t len, long status,
	    struct health_check *c, char **why);

/* The severity word of an alert to a state (exported for tests). */
enum health_state healthparse_severity(const char *severity);

#endif
