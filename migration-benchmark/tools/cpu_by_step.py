"""CPU-seconds by process during each step of a benchmark's measured run; see cpu-profile.sh.

usage: cpu_by_step.py threads.txt samples.txt worker.log samples-per-second measured-run-start-ms

The steps are those of the measured run's first passes (job parameter pass .../1), from the first start
to the last end of each step over those passes, as the benchmark prints them; then the doveadm run.
"""
import collections
import datetime
import re
import sys

threads_file, samples_file, worker_log, hz = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
measured = int(sys.argv[5]) / 1000

# thread id -> who: from `ps -eLo tid,comm,args` snapshots taken during the run
owner = {}
for line in open(threads_file):
    fields = line.split(None, 2)
    if len(fields) < 3 or not fields[0].isdigit():
        continue
    args = fields[2]
    if 'migration-worker' in args:
        who = 'worker'
    elif 'migration-api' in args:
        who = 'api'
    elif args.split()[0].endswith('java'):
        who = 'Kafka + benchmark JVM'
    elif 'postgres' in args:
        who = 'PostgreSQL'
    else:
        continue
    owner.setdefault(int(fields[0]), who)


def category(tid, comm):
    if tid == 0:
        return 'idle'
    who = owner.get(tid)
    if who in ('worker', 'api'):
        if 'CompilerThre' in comm:
            return who + ' JIT'
        if comm.startswith(('GC Thread', 'G1 ', 'GN ')) or 'Conc#' in comm:
            return who + ' GC'
        return who + ' threads' if who == 'worker' else who
    if who:
        return who
    if comm.startswith(('copyFolder', 'prefetch-', 'pass-', 'imap-side')):
        # the worker's short-lived threads, which a ps snapshot every second can miss
        return 'worker threads'
    if comm.startswith('imap'):
        return 'Dovecot imap'
    if comm in ('dovecot', 'imap-login', 'auth', 'config', 'stats', 'log', 'anvil'):
        return 'Dovecot other'
    if comm.startswith('doveadm'):
        return 'doveadm'
    if comm.startswith(('kworker', 'ksoftirqd', 'jbd2', 'kdamond')):
        return 'kernel threads'
    return 'other'


samples = []
for line in open(samples_file):
    m = re.match(r'\s*(.*?)\s+(\d+)\s+([\d.]+):', line)
    if m:
        samples.append((float(m.group(3)), int(m.group(2)), m.group(1)))
if not samples:
    sys.exit('no samples')

# step executions of the worker (Spring Batch logs "Executing step: [x]" and "Step: [x] executed in ...")
starts, windows, first_pass = {}, collections.defaultdict(lambda: [float('inf'), 0.0]), {}
for line in open(worker_log):
    launched = re.match(r'.*\[\s*([\w-]+)\] \S+\s*: Job: .* launched with .*name=.pass., value=[^,]*/(\d+),', line)
    if launched:
        first_pass[launched.group(1)] = launched.group(2) == '1'
        continue
    m = re.match(r'(\S+Z) .*\[\s*([\w-]+)\].*(?:Executing step: \[(\w+)\]|Step: \[(\w+)\] executed)', line)
    if not m or not first_pass.get(m.group(2)):
        continue
    t = datetime.datetime.fromisoformat(m.group(1).replace('Z', '+00:00')).timestamp()
    if t < measured:
        continue
    if m.group(3):
        starts[(m.group(2), m.group(3))] = t
    elif (m.group(2), m.group(4)) in starts:
        window = windows[m.group(4)]
        window[0] = min(window[0], starts.pop((m.group(2), m.group(4))))
        window[1] = max(window[1], t)
doveadm = [t for t, tid, comm in samples if comm.startswith('doveadm')]
named = sorted(windows.items(), key=lambda w: w[1][0])
if doveadm:
    named.append(('doveadm backup', [min(doveadm), max(doveadm)]))

for name, (start, end) in named:
    counts = collections.Counter(category(tid, comm) for t, tid, comm in samples if start <= t < end)
    busy = sum(v for k, v in counts.items() if k != 'idle') / hz
    print(f"{name}: {end - start:.2f} s wall, {busy:.2f} CPU-seconds busy, {counts['idle'] / hz:.2f} idle")
    print('    ' + ', '.join(f"{k} {v / hz:.2f}" for k, v in counts.most_common() if k != 'idle'))
