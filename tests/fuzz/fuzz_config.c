/* fuzz_config: any bytes as a config file load or fail with a cause. */
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
	char path[] = "/tmp/opsdeck-fuzz-config.XXXXXX", *cause = NULL;
	const struct conf_table *const *tables;
	struct conf cfg;
	size_t ntables;
	int fd;

	git_libgit2_init();
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
	git_libgit2_shutdown();
	return 0;
}
