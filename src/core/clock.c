/* clock: RFC 3339 parsing and compact human time formatting. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "opsdeck/clock.h"

/* Reads exactly n digits. */
static int
read_digits(const char **sp, int n, int *out)
{
	const char *s = *sp;
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*sp = s + n;
	*out = v;
	return 0;
}

static int
expect(const char **sp, char c)
{
	if (**sp != c)
		return -1;
	(*sp)++;
	return 0;
}

static int
days_in_month(int year, int mon)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return mon == 2 && leap ? 29 : days[mon - 1];
}

/*
 * Strict RFC 3339 date-time (with the space separator and lower-case t/z it
 * allows): every field has its exact digit count and range, the offset is
 * mandatory, nothing may follow. Fractional seconds are read and dropped.
 * timegm() does the calendar; a round trip through gmtime_r() catches a
 * time_t too small for the year.
 */
int
clock_parse_rfc3339(const char *s, time_t *out)
{
	struct tm tm, back;
	int y, mo, d, h, mi, sec, leap = 0, oh = 0, om = 0, sign = 0;
	time_t t;

	if (s == NULL || out == NULL)
		return -1;
	if (read_digits(&s, 4, &y) || expect(&s, '-') ||
	    read_digits(&s, 2, &mo) || expect(&s, '-') ||
	    read_digits(&s, 2, &d))
		return -1;
	if (*s != 'T' && *s != 't' && *s != ' ')
		return -1;
	s++;
	if (read_digits(&s, 2, &h) || expect(&s, ':') ||
	    read_digits(&s, 2, &mi) || expect(&s, ':') ||
	    read_digits(&s, 2, &sec))
		return -1;
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return -1;
		while (isdigit((unsigned char)*s))
			s++;
	}
	if (*s == 'Z' || *s == 'z')
		s++;
	else if (*s == '+' || *s == '-') {
		sign = *s++ == '+' ? 1 : -1;
		if (read_digits(&s, 2, &oh) || expect(&s, ':') ||
		    read_digits(&s, 2, &om) || oh > 23 || om > 59)
			return -1;
	} else
		return -1;
	if (*s != '\0')
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
	    h > 23 || mi > 59 || sec > 60)
		return -1;
	if (sec == 60) {
		sec = 59;	/* a leap second is the next second, as POSIX */
		leap = 1;
	}
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm);
	if (gmtime_r(&t, &back) == NULL || back.tm_year != y - 1900 ||
	    back.tm_mon != mo - 1 || back.tm_mday != d || back.tm_hour != h ||
	    back.tm_min != mi || back.tm_sec != sec)
		return -1;
	*out = t + leap - sign * (oh * 3600 + om * 60);
	return 0;
}

int64_t
clock_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
clock_format_span(char *dst, size_t size, long long s)
{
	if (s < 0)
		s = 0;
	if (s < 60)
		snprintf(dst, size, "%llds", s);
	else if (s < 3600)
		snprintf(dst, size, "%lldm", s / 60);
	else if (s < 86400)
		snprintf(dst, size, "%lldh", s / 3600);
	else if (s < 14 * 86400)
		snprintf(dst, size, "%lldd", s / 86400);
	else
		snprintf(dst, size, "%lldw", s / (7 * 86400));
}

void
clock_format_duration(char *dst, size_t size, long long s)
{
	if (s < 0)
		s = 0;
	if (s < 60)
		snprintf(dst, size, "%llds", s);
	else if (s < 3600)
		snprintf(dst, size, "%lldm%02llds", s / 60, s % 60);
	else if (s < 86400)
		snprintf(dst, size, "%lldh%02lldm", s / 3600, (s % 3600) / 60);
	else
		clock_format_span(dst, size, s);
}

void
clock_format_iso(char *dst, size_t size, time_t t)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(dst, size,
	    "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		if (size > 0)
			dst[0] = '\0';
	}
}

void
clock_format_local(char *dst, size_t size, time_t t, int seconds)
{
	struct tm tm;

	if (size == 0)
		return;
	if (localtime_r(&t, &tm) != NULL && strftime(dst, size,
	    seconds ? "%H:%M:%S" : "%H:%M", &tm) > 0)
		return;
	snprintf(dst, size, "?");
}
