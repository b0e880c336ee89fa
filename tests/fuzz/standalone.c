/* standalone: a main() for libFuzzer targets, so every fuzz target also
 * builds with any compiler and replays its seed corpus in make check (under
 * ASan with --enable-asan). Arguments are files, or directories whose files
 * (not subdirectories, not dot files) are each one input. When a target
 * crashes, the input that did it is named on stderr. */
#include "config.h"

#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Inputs larger than this are refused: corpus files are small. */
#define STANDALONE_MAX_INPUT	(16 * 1024 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char	standalone_current[4096];

static void
standalone_crashed(int sig)
{
	static const char msg[] = "fuzz: crashed on input: ";

	/* Only async-signal-safe calls here. */
	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0 ||
	    write(STDERR_FILENO, standalone_current,
	    strlen(standalone_current)) < 0 ||
	    write(STDERR_FILENO, "\n", 1) < 0) {
		/* nothing more to do */
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static int
standalone_run_file(const char *path)
{
	unsigned char *data;
	struct stat sb;
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "fuzz: cannot open %s\n", path);
		return -1;
	}
	if (fstat(fileno(fp), &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > STANDALONE_MAX_INPUT) {
		fprintf(stderr, "fuzz: %s: not a small regular file\n", path);
		fclose(fp);
		return -1;
	}
	n = (size_t)sb.st_size;
	/* Exactly n bytes, so ASan sees any read past the input. */
	if ((data = malloc(n > 0 ? n : 1)) == NULL ||
	    fread(data, 1, n, fp) != n) {
		fprintf(stderr, "fuzz: cannot read %s\n", path);
		free(data);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	snprintf(standalone_current, sizeof standalone_current, "%s", path);
	LLVMFuzzerTestOneInput(data, n);
	free(data);
	return 0;
}

int
main(int argc, char **argv)
{
	char path[4096];
	struct dirent *de;
	struct stat sb;
	DIR *d;
	int i, n = 0, failed = 0;

	signal(SIGABRT, standalone_crashed);
	signal(SIGSEGV, standalone_crashed);
	signal(SIGBUS, standalone_crashed);
	signal(SIGFPE, standalone_crashed);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &sb) != 0) {
			fprintf(stderr, "fuzz: %s: not found\n", argv[i]);
			failed++;
		} else if (S_ISDIR(sb.st_mode)) {
			if ((d = opendir(argv[i])) == NULL) {
				failed++;
				continue;
			}
			while ((de = readdir(d)) != NULL) {
				if (de->d_name[0] == '.')
					continue;
				if ((size_t)snprintf(path, sizeof path,
				    "%s/%s", argv[i], de->d_name) >=
				    sizeof path)
					failed++;
				else if (stat(path, &sb) == 0 &&
				    S_ISDIR(sb.st_mode))
					continue;
				else if (standalone_run_file(path) == 0)
					n++;
				else
					failed++;
			}
			closedir(d);
		} else if (standalone_run_file(argv[i]) == 0)
			n++;
		else
			failed++;
	}
	printf("%d inputs\n", n);
	return n > 0 && failed == 0 ? 0 : 1;
}
