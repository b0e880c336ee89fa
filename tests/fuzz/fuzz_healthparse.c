/* fuzz_healthparse: libFuzzer target for the Prometheus and Alertmanager
 * parsers: any bytes under any status give 0 or -1 with a reason, a state
 * that is unknown on -1, and at most HEALTH_MAX_ROWS rows kept. */
#include "config.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "opsdeck/health.h"
#include "opsdeck/healthparse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check(int rc, char *why, const struct health_check *c)
{
	if (rc != 0 && (why == NULL || c->raw != HEALTH_UNKNOWN))
		abort();
	if (rc == 0 && why != NULL)
		abort();
	if (c->nrows > HEALTH_MAX_ROWS || c->nrows > c->total_rows)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long statuses[] = { 200, 400, 503 };
	struct health_limit warn = { true, false, false, 0.5 };
	struct health_limit crit = { true, true, true, 0.1 };
	const char *b = (const char *)data;
	struct health_check *c;
	char *why = NULL;
	size_t i;
	int rc;

	for (i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
		c = health_check_new("f", "prometheus");
		rc = healthparse_prom(b, size, statuses[i], &warn, &crit,
		    HP_EMPTY_UNKNOWN, c, &why);
		check(rc, why, c);
		free(why);
		why = NULL;
		health_check_free(c);
		c = health_check_new("f", "alertmanager");
		rc = healthparse_am(b, size, statuses[i], c, &why);
		check(rc, why, c);
		free(why);
		why = NULL;
		health_check_free(c);
	}
	return 0;
}
