/* clock: time parsing and human formatting. Pure, any thread. */
#ifndef OPSDECK_CLOCK_H
#define OPSDECK_CLOCK_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* RFC 3339 / ISO 8601 as GitHub sends it: "2020-01-20T17:42:40Z",
 * "2020-01-20T09:42:41.000-08:00". 0 ok (UTC epoch in *out), -1 bad input. */
int	 clock_parse_rfc3339(const char *s, time_t *out);
/* Milliseconds on a monotonic clock. */
int64_t	 clock_mono_ms(void);
/* "45s", "12m", "3h", "5d", "2w" (age or duration; negative -> "0s"). */
void	 clock_format_span(char *dst, size_t size, long long seconds);
/* "1m05s" style for durations under a day, "3h12m", else like span. */
void	 clock_format_duration(char *dst, size_t size, long long seconds);
/* "2026-11-22T10:00:00Z" */
void	 clock_format_iso(char *dst, size_t size, time_t t);
/* t as local "HH:MM:SS" (seconds != 0) or "HH:MM". A time localtime_r
 * cannot convert (a hostile reset header far past year 2^31) or a dst too
 * small gives "?", never stale or uninitialised bytes. */
void	 clock_format_local(char *dst, size_t size, time_t t, int seconds);

#endif
