/* fuzz_config: any bytes as a config file load or fail with a cause.
 *
 * libgit2 is initialised once for the whole run: its init parses the
 * system's CA bundle (mbedTLS), some 15 ms, which capped this target at
 * about 60 inputs a second when it was done per input. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <git2.h>

#include "opsdeck/conf.h"
#include "opsdeck/sources.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int initialised;
	char path[] = "/tmp/opsdeck-fuzz-config.XXXXXX", *cause = NULL;
	const struct conf_table *const *tables;
	struct conf cfg;
	size_t ntables;
	int fd;

	if (!initialised) {
		git_libgit2_init();
		initialised = 1;
	}
	if ((fd = mkstemp(path)) < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	tables = sources_conf_tables(&ntables);
	if (conf_load(&cfg, path, tables, ntables, &cause) == 0)
		conf_done(&cfg);
	else if (cause == NULL)
		abort();	/* an error must say why */
	free(cause);
	unlink(path);
	return 0;
}
