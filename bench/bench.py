#!/usr/bin/env python3
"""sysg side by side with the floor, s6, runit, daemontools and supervisord.

Run by bench/run (which installs the peers and builds the probes). Every
scenario runs against every system in one invocation, alternating between
them trial after trial; the table gives medians with min-max and each peer's
ratio to sysg. Timing and memory come from /proc through bench/probe, never
from a supervisor's own report.
"""
import ctypes
import json
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# Set by bench/run; --report and --help need none of them.
WORK = os.environ.get("BENCH_WORK", "")  # scratch dir made by bench/run
PROBE = os.path.join(WORK, "probe")
FLOOR = os.path.join(WORK, "floor")
SYSG = os.environ.get("SYSG", "")
PLUGIN_DIR = os.environ.get("SYSG_PLUGIN_DIR", "")
QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
SIZES = [100] if QUICK else [100, 1000]
TRIALS = int(os.environ.get("BENCH_TRIALS", "3"))
TRIALS_BIG = int(os.environ.get("BENCH_TRIALS_BIG", "2"))
KILLS = 3            # restart samples per session (distinct services)
STATUS_RUNS = 5      # status-of-all samples per session
SLEEP = "/bin/sleep"
NOBODY = 65534
RESULTS = os.environ.get("BENCH_RESULTS", os.path.join(HERE, "results"))

# Orphans (a supervisor the probe started) come back to us to be reaped.
libc = ctypes.CDLL(None, use_errno=True)
libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def reap():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def run(argv, **kw):
    return subprocess.run(argv, check=True, stdout=subprocess.PIPE, text=True, **kw).stdout


def probe(*args, env=None):
    out = run([PROBE] + [str(a) for a in args], env=env)
    return out.split()


_run_id = random.randrange(10000, 99999)


def new_prefix():
    """A unique first argument for this session's sleeps: '7' + 8 digits."""
    global _run_id
    _run_id += 1
    return "7%05d%03d" % (_run_id % 100000, random.randrange(1000))


def arg(prefix, i):
    return "%s%04d" % (prefix, i)


# --- tearing down: everything a session started, by pid -------------------

def proc_table():
    table = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                st = f.read()
            with open("/proc/%s/cmdline" % d, "rb") as f:
                cmd = f.read().split(b"\0")
        except OSError:
            continue
        ppid = int(st[st.rindex(")") + 2:].split()[1])
        a1 = cmd[1].decode(errors="replace") if len(cmd) > 1 else ""
        table[int(d)] = (ppid, a1)
    return table


def session_pids(root, prefix):
    """The session's processes: its services (by their argument) and every
    descendant of this process (a supervisor whose probe has exited is our
    child: we are a subreaper), so that nothing orphaned escapes."""
    t = proc_table()
    me = os.getpid()
    out = set()
    for pid, (ppid, a1) in t.items():
        if a1.startswith(prefix):
            out.add(pid)
            continue
        p, hops = ppid, 0
        while p > 1 and hops < 64:
            if p == root or p == me:
                out.add(pid)
                break
            p = t.get(p, (0, ""))[0]
            hops += 1
    return out


def kill_session(root, prefix, graceful):
    """sysg and the floor stop cleanly on SIGTERM (sysg removes its cgroups);
    the peers' trees are killed outright (all their processes at once, so no
    supervisor is left to respawn anything)."""
    if graceful and root:
        try:
            os.kill(root, signal.SIGTERM)
        except ProcessLookupError:
            pass
        end = time.time() + 20
        while time.time() < end:
            reap()
            if not os.path.exists("/proc/%d" % root) or open("/proc/%d/stat" % root).read().split(") ")[1][0] == "Z":
                break
            time.sleep(0.02)
    end = time.time() + 20
    while time.time() < end:
        pids = session_pids(root, prefix)
        if not pids:
            break
        for p in pids:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.05)
        reap()
    reap()
    if session_pids(root, prefix):
        sys.exit("bench: processes of session %s survived" % prefix)


# --- the systems ------------------------------------------------------------

def write(path, text, mode=0o644):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


class System:
    name = ""
    graceful = False
    note = ""

    def prepare(self, d, n, prefix):
        """Write the config; return the argv that starts the supervisor."""
        raise NotImplementedError

    def env(self, d):
        return None

    def status(self, d, n):
        return None

    def restart(self, d, i):
        return None

    def before_kill(self, d, i):
        """Wait until service I may be killed; return what was checked."""
        return None


class Floor(System):
    name = "floor"
    graceful = True

    def __init__(self, opts=(), name="floor"):
        self.opts = list(opts)
        self.name = name

    def prepare(self, d, n, prefix):
        return [FLOOR] + self.opts + [str(n), prefix]


class Sysg(System):
    name = "sysg"
    graceful = True

    def __init__(self, name="sysg", extra="", top=""):
        self.name = name
        self.extra = extra
        self.top = top

    def env(self, d):
        e = dict(os.environ)
        e.update(XDG_RUNTIME_DIR=d + "/run", XDG_STATE_HOME=d + "/state",
                 SYSG_PLUGIN_DIR=PLUGIN_DIR)
        e.pop("SYSG_PLUGIN_PATH", None)
        return e

    def prepare(self, d, n, prefix):
        lines = [self.top, "services:"]
        for i in range(n):
            lines.append('  s%04d:\n    exec: [%s, "%s"]\n    restart_policy: always\n'
                         '    backoff: 0ms\n%s' % (i, SLEEP, arg(prefix, i), self.extra))
        write(d + "/sysg.yaml", "\n".join(lines) + "\n")
        return [SYSG, "start", "-c", d + "/sysg.yaml"]

    def status(self, d, n):
        return [SYSG, "status"]

    def restart(self, d, i):
        return [SYSG, "restart", "s%04d" % i]


def run_script(prefix, i):
    return "#!/bin/sh\nexec %s %s\n" % (SLEEP, arg(prefix, i))


def ready_run_script(prefix, i):
    """A run script that tells s6-supervise the service is ready (a line on
    the notification fd, 3) and closes that fd before it becomes the sleep."""
    return "#!/bin/sh\necho >&3\nexec 3>&-\nexec %s %s\n" % (SLEEP, arg(prefix, i))


class S6(System):
    """s6-supervise spawns ./run at most once a second, unless the service was
    ready for more than a second when it died (s6-supervise(8)). The default
    (no readiness notification) is what a plain run script gets; with
    nothrottle, each service has notification-fd and reports readiness, and
    every kill waits until s6-svstat says it has been ready for 2 s or more."""
    name = "s6"
    note = "s6-supervise waits 1 s between two spawns of ./run by default"

    def __init__(self, name="s6", nothrottle=False):
        self.name = name
        self.nothrottle = nothrottle
        if nothrottle:
            self.note = ("notification-fd 3, ./run reports readiness; each service ready "
                         "for >= 2 s (s6-svstat) before its kill: no 1 s throttle")

    def prepare(self, d, n, prefix):
        os.makedirs(d + "/scan")
        for i in range(n):
            sd = "%s/scan/s%04d" % (d, i)
            os.makedirs(sd)
            if self.nothrottle:
                write(sd + "/notification-fd", "3\n")
                write(sd + "/run", ready_run_script(prefix, i), 0o755)
            else:
                write(sd + "/run", run_script(prefix, i), 0o755)
        # -c: s6-svscan supervises at most 500 services by default.
        return ["s6-svscan", "-c", str(n + 10), d + "/scan"]

    def before_kill(self, d, i):
        """With nothrottle, the kill must find the service up and ready for
        more than a second (readyfor counts whole seconds: 2 means > 1 s), or
        s6-supervise would throttle and the row would measure the wrong thing."""
        if not self.nothrottle:
            return None
        sd = "%s/scan/s%04d" % (d, i)
        end = time.time() + 30
        while True:
            st = run(["s6-svstat", "-o", "up,ready,readyfor", sd]).split()
            if st[:2] == ["true", "true"] and int(st[2]) >= 2:
                return "s%04d up, ready for %s s" % (i, st[2])
            if time.time() > end:
                raise RuntimeError("%s: s%04d not up and ready for 2 s: s6-svstat says %s"
                                   % (self.name, i, " ".join(st)))
            time.sleep(0.1)

    def status(self, d, n):
        # s6-svstat takes one service directory: one call per service.
        return ["sh", "-c", 'for s in "$0"/scan/*; do s6-svstat "$s"; done', d]

    def restart(self, d, i):
        return ["s6-svc", "-r", "%s/scan/s%04d" % (d, i)]


class Runit(System):
    name = "runit"

    def prepare(self, d, n, prefix):
        os.makedirs(d + "/scan")
        for i in range(n):
            sd = "%s/scan/s%04d" % (d, i)
            os.makedirs(sd)
            write(sd + "/run", run_script(prefix, i), 0o755)
        return ["runsvdir", "-P", d + "/scan"]

    def status(self, d, n):
        return ["sh", "-c", 'exec sv status "$0"/scan/*', d]

    def restart(self, d, i):
        return ["sv", "-w", "7", "restart", "%s/scan/s%04d" % (d, i)]


class Daemontools(System):
    name = "daemontools"

    def prepare(self, d, n, prefix):
        os.makedirs(d + "/scan")
        for i in range(n):
            sd = "%s/scan/s%04d" % (d, i)
            os.makedirs(sd)
            write(sd + "/run", run_script(prefix, i), 0o755)
        return ["svscan", d + "/scan"]

    def status(self, d, n):
        return ["sh", "-c", 'exec svstat "$0"/scan/*', d]

    def restart(self, d, i):
        return ["svc", "-t", "%s/scan/s%04d" % (d, i)]


class Supervisord(System):
    name = "supervisord"
    note = "supervisord waits 1 s in BACKOFF before a restart (not configurable)"

    def prepare(self, d, n, prefix):
        conf = ["[supervisord]", "nodaemon=true", "logfile=%s/supervisord.log" % d,
                "pidfile=%s/supervisord.pid" % d, "minfds=4096",
                "[unix_http_server]", "file=%s/supervisor.sock" % d,
                "[rpcinterface:supervisor]",
                "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
                "[supervisorctl]", "serverurl=unix://%s/supervisor.sock" % d]
        for i in range(n):
            conf += ["[program:s%04d]" % i, "command=%s %s" % (SLEEP, arg(prefix, i)),
                     "autorestart=true", "startsecs=0", "stdout_logfile=NONE",
                     "stderr_logfile=NONE"]
        write(d + "/supervisord.conf", "\n".join(conf) + "\n")
        return ["supervisord", "-n", "-c", d + "/supervisord.conf"]

    def status(self, d, n):
        return ["supervisorctl", "-c", d + "/supervisord.conf", "status"]

    def restart(self, d, i):
        return ["supervisorctl", "-c", d + "/supervisord.conf", "restart", "s%04d" % i]


# --- one session: start, measure, tear down ---------------------------------

def session(system, n, what):
    """Start SYSTEM with N services and measure WHAT (a set of scenario
    names); returns {scenario: [samples]}."""
    prefix = new_prefix()
    d = os.path.join(WORK, "%s-%s" % (system.name, prefix))
    os.makedirs(d)
    argv = system.prepare(d, n, prefix)
    env = system.env(d)
    res = {}
    root = None
    try:
        with open(d + "/stderr", "w") as err:
            out = subprocess.run([PROBE, "bringup", str(n), prefix, "--"] + argv, env=env,
                                 stdout=subprocess.PIPE, stderr=err, text=True,
                                 stdin=subprocess.DEVNULL)
        if out.returncode != 0:
            raise RuntimeError("%s: bring-up failed: %s" % (system.name, open(d + "/stderr").read()[-2000:]))
        ms, root = out.stdout.split()
        root = int(root)
        res["bringup"] = [float(ms)]
        if "memory" in what:
            time.sleep(0.3)  # let lazily started parts settle
            b, procs = probe("pss", root, prefix)
            res["memory"] = [int(b)]
            res["memory_procs"] = [int(procs)]
        if "restart" in what:
            time.sleep(0.2 if system.name.startswith("sysg") or system.name.startswith("floor") else 1.1)
            samples, checks = [], []
            for k in range(KILLS):
                i = (k * 37 + 11) % n
                c = system.before_kill(d, i)
                if c:
                    checks.append(c)
                samples.append(float(probe("restart", arg(prefix, i))[0]))
            res["restart"] = samples
            if checks:
                res["restart_checks"] = checks
        if "control" in what and system.status(d, n):
            # A few runs: one start of a client process varies by
            # milliseconds on this VM.
            res["status"] = []
            for _ in range(STATUS_RUNS):
                out = subprocess.run([PROBE, "time", "--"] + system.status(d, n), env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
                res["status"].append(float(out.stdout.split()[0]))
            i = (KILLS * 37 + 11) % n
            out = probe("command", arg(prefix, i), "--", *system.restart(d, i), env=env)
            res["restart_cmd"] = [float(out[0])]
    finally:
        kill_session(root, prefix, system.graceful)
        shutil.rmtree(d, ignore_errors=True)
    return res


def guarded(results, system, n, what):
    """A session that fails (a peer that does not come up in time) is
    reported in the results and the table, and the run goes on."""
    try:
        return session(system, n, what)
    except (RuntimeError, subprocess.CalledProcessError, ValueError) as e:
        results.setdefault("errors", []).append("N=%d %s: %s" % (n, system.name, str(e)[-300:]))
        sys.stderr.write("bench: %s\n" % results["errors"][-1])
        return {}


def merge(acc, key, res):
    for k, v in res.items():
        acc.setdefault(key, {}).setdefault(k, []).extend(v)


# --- plugins ------------------------------------------------------------------

def installed_plugins():
    env = dict(os.environ, SYSG_PLUGIN_DIR=PLUGIN_DIR)
    out = subprocess.run([SYSG, "plugins"], env=env, stdout=subprocess.PIPE, text=True).stdout
    names = set()
    for line in out.splitlines():
        if line.startswith("  ") and not line.startswith("    "):
            names.add(line.split()[0])
    return names


def cgroup_v1_dirs(tag):
    """Per-hierarchy directories for the floor's cgroups (v1 on this host):
    the memory and pids hierarchies, below this process's own cgroup."""
    dirs = []
    with open("/proc/self/cgroup") as f:
        lines = [l.strip().split(":", 2) for l in f]
    for _, ctrl, path in lines:
        if ctrl in ("memory", "pids"):
            d = "/sys/fs/cgroup/%s%s/sysg-bench-%s" % (ctrl, path.rstrip("/") if path != "/" else "", tag)
            os.makedirs(d, exist_ok=True)
            dirs.append(d)
    return dirs


def confined_systems(plugins, cg_dirs):
    """sysg with every confinement that is installed, and the floor making the
    same system calls; the network namespace is measured separately."""
    have_iso = "isolation" in plugins
    have_sec = "seccomp" in plugins
    extra = ("    user: nobody\n    capabilities: []\n"
             "    limits:\n      nofile: 1024\n      nproc: 1024\n      memlock: 1024\n"
             "      cgroup: { memory_max: 64M, pids_max: 64 }\n")
    fopts = ["-u", str(NOBODY), "-c", "-l"]
    for c in cg_dirs:
        fopts += ["-g", c]
    iso = []
    if have_iso:
        iso.append("pid: true, mount: true")
        fopts += ["-p", "-m"]
    if have_sec:
        iso.append("seccomp: baseline")
        fopts += ["-s"]
    if iso:
        extra += "    isolation: { %s }\n" % ", ".join(iso)
    systems = [Sysg("sysg-confined", extra), Floor(fopts, "floor-confined"),
               Floor(["-b"], "bwrap")]
    net = []
    if have_iso:
        net = [Sysg("sysg-confined+net", extra.replace("isolation: { ", "isolation: { network: true, ")),
               Floor(fopts + ["-n"], "floor-confined+net")]
    return systems, net, have_iso, have_sec


# --- the run -----------------------------------------------------------------

ALL_SCENARIOS = ("memory", "restart", "control")
TABLE_SYSTEMS = ["floor", "floor-vfork", "sysg", "s6", "s6-nothrottle", "runit", "daemontools", "supervisord"]


def systems_and_scenarios(plugins, cg_dirs):
    """Every system of a full run with the scenarios it runs (bring-up is
    always measured): the peers alternate trial after trial; the others follow."""
    # floor-vfork: the same loop with vfork(), as sysg spawns a service
    # whose plugins allow it; it has no control commands.
    peers = [(Floor(), ALL_SCENARIOS), (Floor(["-v"], "floor-vfork"), ALL_SCENARIOS),
             (Sysg(), ALL_SCENARIOS), (S6(), ALL_SCENARIOS),
             # Only the restart differs from plain s6: the rest would repeat it.
             (S6("s6-nothrottle", nothrottle=True), ("restart",)),
             (Runit(), ALL_SCENARIOS), (Daemontools(), ALL_SCENARIOS),
             (Supervisord(), ALL_SCENARIOS)]
    conf, net, have_iso, have_sec = confined_systems(plugins, cg_dirs)
    others = [(s, ("restart",) if s.name.startswith(("sysg-confined", "floor-confined")) else ())
              for s in conf + net]
    others += [(Sysg("sysg-plugins-unused"), ()),
               (Sysg("sysg-plugins-none", top="plugins:\n  load: []"), ())]
    return peers, others, {"isolation": have_iso, "seccomp": have_sec}


def parse_args(argv):
    import argparse
    ap = argparse.ArgumentParser(
        prog="bench/run",
        description="sysg side by side with its peers (bench/README.md). With no option, "
                    "everything is measured (that is make bench). --sizes, --systems, "
                    "--scenarios and --trials measure a subset; a subset run writes "
                    "results/bench-DATE.json but leaves latest.json and the chart alone.")
    ap.add_argument("--report", metavar="JSON", help="print a saved run's table again and exit")
    ap.add_argument("--markdown", metavar="JSON", help="print a saved run's tables as the README's "
                    "Markdown and exit")
    ap.add_argument("--sizes", help="comma-separated N (default 100,1000; 100 with BENCH_QUICK=1)")
    ap.add_argument("--systems", help="comma-separated names among: floor, floor-vfork, sysg, s6, s6-nothrottle, "
                    "runit, daemontools, supervisord, sysg-confined, floor-confined, bwrap, "
                    "sysg-confined+net, floor-confined+net, sysg-plugins-unused, sysg-plugins-none")
    ap.add_argument("--scenarios", help="comma-separated among memory, restart, control "
                    "(bring-up is always measured; '' for bring-up alone); each system runs only those it has")
    ap.add_argument("--trials", type=int, help="trials at every N (default BENCH_TRIALS=3 at "
                    "N<=100, BENCH_TRIALS_BIG=2 above)")
    return ap.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    if args.report:
        print(report(json.load(open(args.report))))
        return
    if args.markdown:
        print(markdown(json.load(open(args.markdown))))
        return
    if not (WORK and SYSG and PLUGIN_DIR):
        sys.exit("bench: run through bench/run (BENCH_WORK, SYSG, SYSG_PLUGIN_DIR unset)")
    subset = any(v is not None for v in (args.sizes, args.systems, args.scenarios, args.trials))
    sizes = [int(x) for x in args.sizes.split(",")] if args.sizes else SIZES
    # --scenarios '' measures bring-up alone.
    scenarios = (set(x for x in args.scenarios.split(",") if x) if args.scenarios is not None
                 else set(ALL_SCENARIOS))
    if not scenarios <= set(ALL_SCENARIOS):
        sys.exit("bench: unknown scenario: %s" % ", ".join(sorted(scenarios - set(ALL_SCENARIOS))))
    plugins = installed_plugins()
    tag = "%d" % os.getpid()
    cg_dirs = cgroup_v1_dirs(tag)
    peers, others, confinement = systems_and_scenarios(plugins, cg_dirs)
    if args.systems:
        wanted = args.systems.split(",")
        known = [s.name for s, _ in peers + others]
        unknown = [w for w in wanted if w not in known]
        if unknown:
            sys.exit("bench: unknown system: %s (known: %s)" % (", ".join(unknown), ", ".join(known)))
        peers = [(s, w) for s, w in peers if s.name in wanted]
        others = [(s, w) for s, w in others if s.name in wanted]
    results = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
               "machine": machine(), "plugins": sorted(plugins), "sizes": {},
               "confinement": confinement,
               "systems": [s.name for s, _ in peers + others],
               "scenarios": sorted(scenarios)}
    if subset:
        results["subset"] = " ".join(argv)
    try:
        for n in sizes:
            acc = {}
            trials = args.trials or (TRIALS if n <= 100 else TRIALS_BIG)
            for t in range(trials):
                # Alternate: a different order each trial.
                k = t % len(peers) if peers else 0
                for s, what in peers[k:] + peers[:k] + others:
                    progress("N=%d trial %d/%d: %s" % (n, t + 1, trials, s.name))
                    merge(acc, s.name, guarded(results, s, n, set(what) & scenarios))
            results["sizes"][str(n)] = acc
    finally:
        for c in cg_dirs:
            try:
                os.rmdir(c)
            except OSError:
                pass
    sys.stderr.write("\n")
    os.makedirs(RESULTS, exist_ok=True)
    path = os.path.join(RESULTS, "bench-%s.json" % time.strftime("%Y%m%d-%H%M%S", time.gmtime()))
    with open(path, "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
    if not subset:
        shutil.copyfile(path, os.path.join(RESULTS, "latest.json"))
    print(report(results))
    print("results: %s%s" % (path, " (a subset: latest.json left as it was)" if subset else ""))


def progress(msg):
    sys.stderr.write("\r\033[K" + msg if sys.stderr.isatty() else msg + "\n")
    sys.stderr.flush()


def machine():
    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return "%s, %d cores, Linux %s, %s" % (cpu, os.cpu_count(), platform.release(),
                                          open("/etc/debian_version").read().strip()
                                          and "Debian " + open("/etc/debian_version").read().strip())


# --- the table ------------------------------------------------------------------

def med(v):
    return statistics.median(v) if v else None


def fmt_ms(v):
    if not v:
        return "-"
    m = med(v)
    f = (lambda x: "%.0f" % x) if m >= 100 else (lambda x: "%.1f" % x) if m >= 10 else (lambda x: "%.2f" % x)
    return "%s (%s-%s)" % (f(m), f(min(v)), f(max(v)))


def fmt_mib(v):
    if not v:
        return "-"
    return "%.2f (%.2f-%.2f)" % (med(v) / 2**20, min(v) / 2**20, max(v) / 2**20)


def ratio(v, base):
    if not v or not base or med(base) == 0:
        return ""
    return "%.2fx" % (med(v) / med(base))


def confinement_lines(out, r, n, acc):
    out.append("Confinement (bring-up / restart), N = %s: user nobody, no capabilities, 3 rlimits, a memory+pids cgroup%s%s" % (
        n, ", isolation pid+mount" if r["confinement"]["isolation"] else "",
        ", seccomp" if r["confinement"]["seccomp"] else ""))
    fc = acc.get("floor-confined", {})
    for s in ["floor-confined", "sysg-confined", "bwrap", "floor-confined+net", "sysg-confined+net"]:
        a = acc.get(s)
        if not a:
            continue
        out.append("  %-20s bring-up %-24s %-8s restart %-22s" % (
            s, fmt_ms(a.get("bringup")), ratio(a.get("bringup"), fc.get("bringup")) + (" of floor" if a.get("bringup") and s != "floor-confined" else ""),
            fmt_ms(a.get("restart"))))
    if not r["confinement"]["isolation"]:
        out.append("  isolation (pid+mount, network): n/a (plugin not installed)")
    if not r["confinement"]["seccomp"]:
        out.append("  seccomp: n/a (plugin not installed)")


def report(r):
    out = ["sysg benchmark, %s; %s" % (r["date"], r["machine"]),
           "medians (min-max); ratio = system / sysg; times in ms, memory in MiB (PSS of all supervisor processes)", ""]
    # Runs saved before s6-nothrottle and floor-vfork existed have no "systems".
    shown = [s for s in TABLE_SYSTEMS
             if s in r.get("systems", [t for t in TABLE_SYSTEMS if t not in ("floor-vfork", "s6-nothrottle")])]
    for n, acc in r["sizes"].items():
        sysg = acc.get("sysg", {})
        out.append("N = %s services" % n)
        hdr = "%-22s %-24s %-24s %-24s %-22s %-22s" % ("system", "bring-up", "memory", "restart (SIGKILL)", "status all", "restart cmd")
        out.append(hdr)
        out.append("-" * len(hdr))
        for s in shown:
            a = acc.get(s, {})
            cells = []
            for key, f in (("bringup", fmt_ms), ("memory", fmt_mib), ("restart", fmt_ms), ("status", fmt_ms), ("restart_cmd", fmt_ms)):
                c = f(a.get(key))
                if s != "sysg" and a.get(key):
                    c += " " + ratio(a.get(key), sysg.get(key))
                cells.append(c)
            out.append("%-22s %-24s %-24s %-24s %-22s %-22s" % tuple([s] + cells))
        if sysg.get("memory"):
            out.append("sysg: %.0f bytes per service (PSS / N)" % (med(sysg["memory"]) / int(n)))
        if "s6" in shown or "supervisord" in shown:
            out.append("s6: default throttle (s6-supervise spawns ./run at most once a second); "
                       "supervisord: 1 s BACKOFF before a restart; status for s6 is one s6-svstat per service")
        checks = acc.get("s6-nothrottle", {}).get("restart_checks")
        if checks:
            secs = sorted(int(c.split()[-2]) for c in checks)
            out.append("s6-nothrottle: notification-fd 3, ./run reports readiness before exec; "
                       "s6-svstat said up and ready (for %d-%d s) before each of the %d kills" % (
                           secs[0], secs[-1], len(checks)))
        out.append("")
        if any(s in acc for s in ("floor-confined", "sysg-confined", "bwrap")):
            confinement_lines(out, r, n, acc)
        u, z = acc.get("sysg-plugins-unused", {}), acc.get("sysg-plugins-none", {})
        if u and z:
            out.append("Plugin overhead: bring-up with all plugins installed but unused %s vs plugins.load: [] %s (%+.1f%%)" % (
                fmt_ms(u["bringup"]), fmt_ms(z["bringup"]), 100.0 * (med(u["bringup"]) / med(z["bringup"]) - 1)))
        out.append("")
    for e in r.get("errors", []):
        out.append("failed session: " + e)
    return "\n".join(out)


def markdown(r):
    """The README's tables: medians, each peer's ratio to sysg."""
    notes = {"s6": "1 s throttle", "supervisord": "1 s backoff"}
    out = []
    for n, acc in r["sizes"].items():
        sysg = acc.get("sysg", {})
        out.append("| N=%s | bring-up ms | supervisor PSS MiB | restart after SIGKILL ms | "
                   "status of all ms | restart cmd ms |" % n)
        out.append("|---|---|---|---|---|---|")
        for s in [t for t in TABLE_SYSTEMS if t in r.get("systems", TABLE_SYSTEMS)]:
            a = acc.get(s, {})
            cells = []
            for key in ("bringup", "memory", "restart", "status", "restart_cmd"):
                v = a.get(key)
                if not v:
                    cells.append("–")
                    continue
                m = med(v) / 2**20 if key == "memory" else med(v)
                c = ("%.2f" % m if key == "memory" or m < 10 else "%.1f" % m if m < 100
                     else "%.0f" % m)
                if s == "sysg" and key == "memory":
                    c += " (%.1f KB/service)" % (med(v) / int(n) / 1000)
                elif s != "sysg" and sysg.get(key) and not (key == "restart" and s in notes):
                    c += " (%.2f×)" % (med(v) / med(sysg[key]))
                if key == "restart" and s in notes:
                    c += " (%s)" % notes[s]
                cells.append("**%s**" % c if s == "sysg" else c)
            out.append("| %s | %s |" % ("**sysg**" if s == "sysg" else s, " | ".join(cells)))
        out.append("")
    conf = ["floor-confined", "sysg-confined", "bwrap", "floor-confined+net", "sysg-confined+net"]
    sizes = list(r["sizes"])
    if any(c in r["sizes"][n] for n in sizes for c in conf):
        out.append("| confined | " + " | ".join("N=%s bring-up ms | N=%s restart ms" % (n, n)
                                                for n in sizes) + " |")
        out.append("|---|" + "---|---|" * len(sizes))
        for c in conf:
            cells = []
            for n in sizes:
                # Each against the floor making its system calls.
                base = "floor-confined+net" if c.endswith("+net") else "floor-confined"
                a, f = r["sizes"][n].get(c, {}), r["sizes"][n].get(base, {})
                for key in ("bringup", "restart"):
                    v = a.get(key)
                    if not v:
                        cells.append("–")
                        continue
                    m = med(v)
                    c_ = "%.0f" % m if m >= 100 else "%.1f" % m
                    if c != base and f.get(key):
                        c_ += " (%.2f× floor)" % (m / med(f[key]))
                    cells.append(c_)
            out.append("| %s | %s |" % (c, " | ".join(cells)))
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    main(sys.argv[1:])
