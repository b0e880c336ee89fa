#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "opsdeck/clock.h"
#include "../tap.h"

/* Expected values from `date -u -d ... +%s` (GNU date), not from timegm. */
static void
test_parse_good(void)
{
	static const struct {
		const char	*in;
		long long	 want;
	} cases[] = {
		{ "2020-01-20T17:42:40Z", 1579542160LL },
		{ "2020-01-20T09:42:41.000-08:00", 1579542161LL },
		{ "2020-01-20T18:42:40+01:00", 1579542160LL },
		{ "2020-01-20T23:12:40+05:30", 1579542160LL },
		{ "2020-01-20T17:42:40.123456789Z", 1579542160LL },
		{ "2020-01-20T17:42:40.9z", 1579542160LL },
		{ "2020-01-20t17:42:40-00:00", 1579542160LL },
		{ "2020-01-20 17:42:40Z", 1579542160LL },
		{ "2024-02-29T00:00:00Z", 1709164800LL },
		{ "1970-01-01T00:00:00Z", 0LL },
		{ "1969-12-31T23:59:59Z", -1LL },
		{ "2038-01-19T03:14:08Z", 2147483648LL },
		{ "2016-12-31T23:59:60Z", 1483228800LL },
		{ "2026-11-22T10:00:00Z", 1795341600LL },
		{ "9999-12-31T23:59:59Z", 253402300799LL },
	};
	time_t t;
	size_t i;
	int rc;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		t = 12345;
		rc = clock_parse_rfc3339(cases[i].in, &t);
		ok(rc == 0 && (long long)t == cases[i].want, "parse %s = %lld "
		    "(rc %d, got %lld)", cases[i].in, cases[i].want, rc,
		    (long long)t);
	}
}

static void
test_parse_bad(void)
{
	static const char *bad[] = {
		"", "garbage", "2020-01-20", "2020-01-20T17:42:40",
		"2020-01-20T17:42Z", "20-01-20T17:42:40Z",
		"2020-1-20T17:42:40Z", "2020-01-20X17:42:40Z",
		"2020-13-01T00:00:00Z", "2020-00-10T00:00:00Z",
		"2020-01-32T00:00:00Z", "2020-01-00T00:00:00Z",
		"2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
		"2020-04-31T00:00:00Z", "2020-01-20T24:00:00Z",
		"2020-01-20T23:60:00Z", "2020-01-20T23:59:61Z",
		"2020-01-20T17:42:40ZZ", "2020-01-20T17:42:40Z ",
		" 2020-01-20T17:42:40Z", "2020-01-20T17:42:40.Z",
		"2020-01-20T17:42:40.12", "2020-01-20T17:42:40+0100",
		"2020-01-20T17:42:40+01", "2020-01-20T17:42:40+24:00",
		"2020-01-20T17:42:40+01:60", "2020-01-20T17:42:40 +01:00",
		"2020-01-20T17:42:40Zjunk", "+020-01-20T17:42:40Z",
		"2020-01-20T17:42:4OZ", "２020-01-20T17:42:40Z",
		"2020-01-20T17:42:40\nZ", "-2020-01-20T17:42:40Z",
	};
	time_t t;
	size_t i;
	int bad_ok = 0;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		t = 12345;
		if (clock_parse_rfc3339(bad[i], &t) == -1 && t == 12345)
			bad_ok++;
		else
			printf("# accepted \"%s\"\n", bad[i]);
	}
	is_int(bad_ok, sizeof bad / sizeof bad[0],
	    "garbage, out-of-range fields and trailing junk rejected, "
	    "output untouched");
	is_int(clock_parse_rfc3339(NULL, &t), -1, "NULL is rejected");
}

static void
test_format(void)
{
	static const struct {
		long long	 s;
		const char	*span, *dur;
	} cases[] = {
		{ -5, "0s", "0s" }, { 0, "0s", "0s" }, { 45, "45s", "45s" },
		{ 59, "59s", "59s" }, { 60, "1m", "1m00s" },
		{ 65, "1m", "1m05s" }, { 719, "11m", "11m59s" },
		{ 3599, "59m", "59m59s" }, { 3600, "1h", "1h00m" },
		{ 11520, "3h", "3h12m" }, { 86399, "23h", "23h59m" },
		{ 86400, "1d", "1d" }, { 5 * 86400 + 7, "5d", "5d" },
		{ 14 * 86400, "2w", "2w" }, { 100 * 86400, "14w", "14w" },
		{ LLONG_MIN, "0s", "0s" },
	};
	char dst[32], tiny[3];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		clock_format_span(dst, sizeof dst, cases[i].s);
		is_str(dst, cases[i].span, "span %lld", cases[i].s);
		clock_format_duration(dst, sizeof dst, cases[i].s);
		is_str(dst, cases[i].dur, "duration %lld", cases[i].s);
	}
	clock_format_span(dst, sizeof dst, LLONG_MAX);
	ok(dst[0] != '\0' && dst[strlen(dst) - 1] == 'w', "huge span (%s)",
	    dst);
	memset(tiny, 'X', sizeof tiny);
	clock_format_duration(tiny, sizeof tiny, 11520);
	ok(tiny[2] == '\0' && strlen(tiny) == 2, "tiny buffer truncates "
	    "and terminates");
	clock_format_span(tiny, 0, 5);
	ok(tiny[0] == '3', "size 0 writes nothing");

	clock_format_iso(dst, sizeof dst, (time_t)1795341600);
	is_str(dst, "2026-11-22T10:00:00Z", "iso");
	clock_format_iso(dst, sizeof dst, 0);
	is_str(dst, "1970-01-01T00:00:00Z", "iso epoch");
	memset(tiny, 'X', sizeof tiny);
	clock_format_iso(tiny, sizeof tiny, 0);
	ok(tiny[0] == '\0', "iso into a too small buffer gives \"\"");
}

static void
test_roundtrip(void)
{
	char iso[32];
	time_t t, back;
	int i, good = 0;

	/* Every ~3.9 days over 1970..2100, in two steps. */
	for (i = 0; i < 12000; i++) {
		t = (time_t)i * 341234 + (time_t)(i % 86400);
		clock_format_iso(iso, sizeof iso, t);
		if (clock_parse_rfc3339(iso, &back) == 0 && back == t)
			good++;
	}
	is_int(good, 12000, "format then parse gives the same time");
}

static void
test_local(void)
{
	char out[32], tiny[4];

	setenv("TZ", "UTC", 1);
	tzset();
	clock_format_local(out, sizeof out, (time_t)1764757200, 1);
	is_str(out, "10:20:00", "local: formatted in the local zone");
	memset(out, 'x', sizeof out);
	clock_format_local(out, sizeof out, (time_t)INT64_MAX, 1);
	is_str(out, "?", "local: localtime_r fails on 2^63-1: \"?\"");
	clock_format_local(out, sizeof out, (time_t)1764757200, 0);
	is_str(out, "10:20", "local: without seconds");
	clock_format_local(out, sizeof out, (time_t)-INT64_MAX, 0);
	is_str(out, "?", "local: and on -(2^63-1)");
	memset(tiny, 'x', sizeof tiny);
	clock_format_local(tiny, sizeof tiny, (time_t)0, 1);
	is_str(tiny, "?", "local: too small a buffer: \"?\", terminated");
}

static void
test_mono(void)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	int64_t a, b;

	a = clock_mono_ms();
	nanosleep(&ts, NULL);	/* measuring the clock, not waiting on a race */
	b = clock_mono_ms();
	ok(a > 0 && b - a >= 20 && b - a < 5000,
	    "monotonic clock advances with time (%lld ms)", (long long)(b - a));
}

int
main(void)
{
	test_parse_good();
	test_parse_bad();
	test_format();
	test_roundtrip();
	test_local();
	test_mono();
	return tap_done();
}
