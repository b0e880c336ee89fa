"""smaps.py PID: a process's RSS by what is mapped, from /proc/PID/smaps.

One "NAME RSS_KIB PRIVATE_DIRTY_KIB" line per name, largest first: a
library by its file name (version dropped: libc.so), anonymous memory as
[heap], [stack] or anon. Shared by bench/idle.sh and bench/soak.sh.
"""
import collections
import re
import sys

rss, dirty = collections.Counter(), collections.Counter()
name = None
for line in open("/proc/%s/smaps" % sys.argv[1]):
    m = re.match(r"^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$", line)
    if m:
        name = m.group(1).split("/")[-1] or "anon"
        name = re.sub(r"[.]so.*", ".so", name)
        name = re.sub(r"\s+", "_", name)  # one field
        continue
    k = line.split(":")[0]
    if k == "Rss":
        rss[name] += int(line.split()[1])
    elif k == "Private_Dirty":
        dirty[name] += int(line.split()[1])
for n, kb in rss.most_common():
    print(n, kb, dirty[n])
