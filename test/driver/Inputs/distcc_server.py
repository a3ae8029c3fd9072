#!/usr/bin/env python3
"""distcc_server.py DIR COMPILER -- COMMAND...

Runs COMMAND (a build) against a distccd of its own on 127.0.0.1, then stops
that distccd (its whole process group), also when COMMAND fails or this
script is interrupted. Exits with COMMAND's status.

distccd (3.4) runs only compilers it trusts: DIR/cmdlist names COMPILER by
its absolute path and DISTCC_CMDLIST points distccd at it (a client's
"fluid-cc", by any path, maps to that file), so nothing outside DIR is set
up. Started by root, distccd runs as the user distccd (or nobody): its log
file and its TMPDIR (DIR/tmp: it compiles there) are made writable for it.

COMMAND runs with DISTCC_HOSTS naming only that server, DISTCC_FALLBACK=0
and DISTCC_SKIP_LOCAL_RETRY=1 (a compile the server cannot do fails instead
of running here), a private DISTCC_DIR and no back-off. Afterwards
DIR/jobs.txt lists the server's jobs from its log, one line each, sorted:

    COMPILE_OK main.c

(status and source file), so a test can check that every compile ran there.
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

STARTUP_SECONDS = 10


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port):
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


def start(workdir, log):
    """A running distccd and its port; a few ports are tried."""
    # Its temporary files (and working directory) under DIR: lit's TMPDIR
    # is private to this user.
    env = dict(os.environ, DISTCC_CMDLIST=os.path.join(workdir, "cmdlist"),
               TMPDIR=os.path.join(workdir, "tmp"))
    for _ in range(3):
        port = free_port()
        daemon = subprocess.Popen(
            ["distccd", "--daemon", "--no-detach", "--listen", "127.0.0.1",
             "--allow", "127.0.0.1", "--port", str(port), "--jobs", "2",
             "--log-file", log, "--log-level", "info"],
            env=env, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + STARTUP_SECONDS
        while daemon.poll() is None and time.monotonic() < deadline:
            if listening(port):
                return daemon, port
            time.sleep(0.05)
        stop(daemon)
    sys.exit("distcc_server.py: error: distccd did not start (see %s)" % log)


def stop(daemon):
    try:
        os.killpg(daemon.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        daemon.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(daemon.pid, signal.SIGKILL)
        daemon.wait()


def write_jobs(log, out):
    # distccd[PID] (dcc_job_summary) client: ADDR COMPILE_OK exit:0 ... COMPILER FILE
    summary = re.compile(r"dcc_job_summary\) client: \S+ (\S+) .* (\S+)$")
    jobs = []
    with open(log, errors="replace") as f:
        for line in f:
            m = summary.search(line.rstrip("\n"))
            if m:
                jobs.append("%s %s" % (m.group(1), os.path.basename(m.group(2))))
    with open(out, "w") as f:
        f.writelines(j + "\n" for j in sorted(jobs))


def main():
    args = sys.argv[1:]
    if len(args) < 4 or args[2] != "--":
        sys.exit("usage: distcc_server.py DIR COMPILER -- COMMAND...")
    workdir, compiler, command = os.path.abspath(args[0]), args[1], args[3:]
    client_dir = os.path.join(workdir, "client")
    os.makedirs(client_dir, exist_ok=True)
    os.makedirs(os.path.join(workdir, "tmp"), exist_ok=True)
    os.chmod(workdir, 0o755)
    os.chmod(os.path.join(workdir, "tmp"), 0o1777)
    with open(os.path.join(workdir, "cmdlist"), "w") as f:
        f.write(os.path.abspath(compiler) + "\n")
    log = os.path.join(workdir, "distccd.log")
    open(log, "w").close()
    os.chmod(log, 0o666)

    # lit's timeout (or ^C) ends this script through the finally below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not shutil.which("distccd"):
        sys.exit("distcc_server.py: error: distccd not found (Debian's "
                 "distcc, in scripts/debian-packages.txt)")
    daemon, port = start(workdir, log)
    try:
        env = dict(os.environ, DISTCC_HOSTS="127.0.0.1:%d/2" % port,
                   DISTCC_DIR=client_dir, DISTCC_FALLBACK="0",
                   DISTCC_SKIP_LOCAL_RETRY="1", DISTCC_BACKOFF_PERIOD="0")
        env.pop("DISTCC_VERBOSE", None)
        status = subprocess.call(command, env=env)
    finally:
        stop(daemon)
    write_jobs(log, os.path.join(workdir, "jobs.txt"))
    return status


if __name__ == "__main__":
    sys.exit(main())
