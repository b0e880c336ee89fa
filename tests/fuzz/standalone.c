/* standalone: runs a libFuzzer target over files and directories, so every
 * fuzz target also builds with gcc and replays its seed corpus in
 * make check (under ASan when configured with --enable-asan). */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
run_file(const char *path)
{
	unsigned char *data;
	FILE *fp;
	long n;

	if ((fp = fopen(path, "rb")) == NULL)
		return -1;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	if (n < 0 || (data = malloc((size_t)n + 1)) == NULL) {
		fclose(fp);
		return -1;
	}
	if (fread(data, 1, (size_t)n, fp) != (size_t)n) {
		free(data);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	LLVMFuzzerTestOneInput(data, (size_t)n);
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
	int i, n = 0;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			if ((d = opendir(argv[i])) == NULL)
				return 1;
			while ((de = readdir(d)) != NULL) {
				if (de->d_name[0] == '.')
					continue;
				snprintf(path, sizeof path, "%s/%s", argv[i],
				    de->d_name);
				if (run_file(path) == 0)
					n++;
			}
			closedir(d);
		} else if (run_file(argv[i]) == 0)
			n++;
		else
			return 1;
	}
	printf("%d inputs\n", n);
	return n > 0 ? 0 : 1;
}
