import { defineCatalogue } from "@vaec/compiler";

/** The catalogue of the distributed queue (VAE610-VAE619); the format is @vaec/dsl's `CatalogueEntry`. */
export const DISTRIBUTED_CODES = defineCatalogue({
  VAE610: {
    title: "the queue URL cannot be read",
    severity: "error",
    messages: {
      badQueueUrl: "cannot read the queue URL `{url}`: {reason}",
    },
    explanation: `\`vaec worker --queue URL\` and \`vaec sweep ... --queue URL\` (or the \`VAEC_QUEUE\` variable) name
the Redis server that holds a study's queue, as \`redis://[user:password@]host:port[/db]\`, or
\`rediss://...\` when the server speaks TLS. The port defaults to 6379 and the database to 0. A
password with characters such as \`@\`, \`:\` or \`/\` must be %-escaped (\`@\` is \`%40\`). Query strings
are refused rather than half understood. The password is shown as \`***\` in this and every other
message.`,
    example: {
      shown: `\`\`\`
$ vaec worker --queue localhost:6379
error[VAE610]: cannot read the queue URL \`localhost:6379\`: it has no \`redis://\` scheme
help: write it as \`redis://[user:password@]host:port[/db]\`, or \`rediss://...\` for TLS, e.g. \`redis://:secret@10.0.0.5:6379/0\`
\`\`\``,
    },
    fix: `Write the URL in that form, e.g. \`redis://:PASSWORD@10.0.0.5:6379\`. docs/distributed.md shows how
to set up the server.`,
  },
  VAE611: {
    title: "Redis cannot be reached",
    severity: "error",
    messages: {
      redisUnreachable: "cannot reach Redis at `{url}`: {reason}",
    },
    explanation: `Before it queues or takes any point, vaec makes one connection to the Redis server of the queue
URL. This error says that connection failed: nothing listens on that host and port, the host
name is unknown, a firewall drops the packets, or the URL says \`rediss://\` (TLS) to a server that
speaks plain Redis (or the other way round). Once a worker or a submitter is running, a lost
connection is not an error: both reconnect by themselves and say so.`,
    example: {
      shown: `\`\`\`
$ vaec worker --queue redis://127.0.0.1:6390
error[VAE611]: cannot reach Redis at \`redis://127.0.0.1:6390\`: the connection was refused (no server on that port?)
  = note: \`redis-cli -u URL ping\` from this machine answers \`PONG\` when the server is reachable
help: start the server (\`systemctl start redis-server\`), check host, port and firewall, and use \`rediss://\` only when the server speaks TLS
\`\`\``,
    },
    fix: `Start Redis (\`systemctl start redis-server\`), check the host and port, and that the server's
\`bind\` line lets this machine in. \`redis-cli -u URL ping\` tests the same connection.`,
  },
  VAE612: {
    title: "Redis refused the credentials",
    severity: "error",
    messages: {
      redisAuthRefused: "Redis at `{url}` refused to log in: {reason}",
    },
    explanation: `The server answered but would not log this client in: it has a password (\`requirepass\`) and
the URL gave none (\`NOAUTH\`), or the user name or password in the URL is wrong (\`WRONGPASS\`). A
queue server must have a password, since whoever can write to the queue can make every worker
train; see docs/distributed.md.`,
    example: {
      shown: `\`\`\`
$ vaec worker --queue redis://:wrong@10.0.0.5:6379
error[VAE612]: Redis at \`redis://:***@10.0.0.5:6379\` refused to log in: WRONGPASS invalid username-password pair or user is disabled
help: put the server's password in the URL (\`redis://:PASSWORD@host:port\`, or \`redis://USER:PASSWORD@...\` for an ACL user)
\`\`\``,
    },
    fix: `Use the server's password: \`redis://:PASSWORD@host:port\` for \`requirepass\`, or
\`redis://USER:PASSWORD@host:port\` for an ACL user. Keep it in \`VAEC_QUEUE\` (or a systemd
\`EnvironmentFile\`) rather than on the command line.`,
  },
  VAE613: {
    title: "the Redis server is too old",
    severity: "error",
    messages: {
      redisTooOld: "Redis at `{url}` is version {version}; the queue needs Redis 6.2 or newer",
    },
    explanation: `The queue runs on BullMQ, whose scripts need Redis 6.2 or newer. vaec reads the server's version
when it first connects and stops here rather than fail later in the middle of a grid.`,
    example: {
      shown: `\`\`\`
$ vaec worker --queue redis://:secret@old-box:6379
error[VAE613]: Redis at \`redis://:***@old-box:6379\` is version 5.0.7; the queue needs Redis 6.2 or newer
help: upgrade the server (Debian 12's \`redis-server\` package is 7.0)
\`\`\``,
    },
    fix: `Upgrade Redis, or run the queue on another machine with a current \`redis-server\` package.`,
  },
  VAE614: {
    title: "Redis may evict queued points",
    severity: "warning",
    messages: {
      evictingRedis:
        "Redis at `{url}` has `maxmemory-policy {policy}`: under memory pressure it may evict queued points and their results",
    },
    explanation: `A Redis server with a \`maxmemory\` limit and an eviction policy other than \`noeviction\` deletes
keys when it runs out of memory, and queued points and their results are keys: a grid would
lose points without any error. BullMQ needs \`maxmemory-policy noeviction\`, under which a full
server refuses writes instead (the submitter then reports the error). vaec warns and goes on;
the server may hold only this queue's few megabytes and never come near its limit.`,
    example: {
      shown: `\`\`\`
$ vaec worker --queue redis://:secret@10.0.0.5:6379
warning[VAE614]: Redis at \`redis://:***@10.0.0.5:6379\` has \`maxmemory-policy allkeys-lru\`: under memory pressure it may evict queued points and their results
help: set \`maxmemory-policy noeviction\` in redis.conf (or \`redis-cli CONFIG SET maxmemory-policy noeviction\`)
\`\`\``,
    },
    fix: `Set \`maxmemory-policy noeviction\` in \`/etc/redis/redis.conf\` and restart the server, or run
\`redis-cli -a PASSWORD CONFIG SET maxmemory-policy noeviction\` (and \`CONFIG REWRITE\` to keep it).`,
  },
  VAE615: {
    title: "a queued point reads data outside the worker's data root",
    severity: "error",
    messages: {
      dataOutsideRoot:
        "the queued point's {what} `{path}` is outside this worker's data root `{dataRoot}`",
    },
    explanation: `A worker runs specs that arrive through Redis, so it opens data files only under the folder it
was started with, \`vaec worker --data-root DIR\` (the current folder by default). A relative data
path in a queued spec resolves from that folder, as it resolved from the spec's folder on the
submitting machine. An absolute path elsewhere, a \`..\` that climbs out, or a symbolic link that
points out of the folder is refused before anything is read, and the point fails with this code
(it is not retried: it would fail the same way on every worker).`,
    example: {
      shown: `\`\`\`
$ vaec sweep study/faces.vae --queue redis://:secret@10.0.0.5:6379
...
Faces beta=1 train.seed=0 failed:
error[VAE615]: the queued point's data file \`/home/alice/faces.npy\` is outside this worker's data root \`/srv/vaec-data\`
  = note: a worker reads only files under its \`--data-root\`, so whoever can write to the queue cannot make it read anything else
help: give the spec a data path relative to its folder and copy the data under every worker's \`--data-root\` at that same relative path
\`\`\``,
    },
    fix: `Write the data path relative to the spec (\`data = npy("data/faces.npy")\`), and copy the file to
\`<data root>/data/faces.npy\` on every worker. The run identity covers the data's content, so a
worker with a different copy refuses the point too (VAE616).`,
  },
  VAE616: {
    title: "a queued point cannot be run as it was submitted",
    severity: "error",
    messages: {
      unrunnableJob: "queued point `{jobId}` cannot be run: {reason}",
    },
    explanation: `Before a worker runs a point from the queue it checks that it would train exactly what the
submitter asked for: the job is a vaec point of a format this version reads; the spec, compiled
again with the point's overrides, gives the same model; and the run identity, computed over the
worker's copy of the data, is the job's id. A worker with another vaec version, or with
different data under its \`--data-root\`, would otherwise train something else under the
submitter's run id. The same code marks a finished job whose result is not a record of the point
(written by another vaec version). The point fails without retries.`,
    example: {
      shown: `\`\`\`
$ vaec sweep study/faces.vae --queue redis://:secret@10.0.0.5:6379
...
Faces beta=1 train.seed=0 failed:
error[VAE616]: queued point \`4c1d...\` cannot be run: this worker computes a different run identity for it: its data under the data root differs from the submitter's, or its vaec version does
help: copy the same data under --data-root \`/srv/vaec-data\` (the run identity covers the data's content), and run the same vaec version on the submitting machine and on every worker
\`\`\``,
    },
    fix: `Install the same vaec version on every machine, and copy the same data files under each
worker's \`--data-root\`. Then run the same \`vaec sweep ... --queue URL\` again: failed points are
queued anew.`,
  },
  VAE617: {
    title: "a point failed on the workers without a diagnostic",
    severity: "error",
    messages: {
      pointCrashed: "point `{jobId}` failed on the workers {attempts} time{plural}: {reason}",
    },
    explanation: `A point whose spec or data is wrong fails with that problem's own code, once. Anything else that
stops a point (the child process running it crashed or was killed, the machine ran out of
memory, a worker lost its lock twice) is retried on the queue with back-off, up to three
attempts; this error says the last attempt failed too. The message carries the last reason
BullMQ recorded; the worker's log has the rest.`,
    example: {
      shown: `\`\`\`
$ vaec sweep big.vae --queue redis://:secret@10.0.0.5:6379
...
Big beta=8 train.seed=2 failed:
error[VAE617]: point \`9f2e...\` failed on the workers 3 times: job stalled more than allowable limit
  = note: a crash, an out-of-memory kill or a lost worker, not an error in the spec (that would carry its own code)
help: read the worker's log for that point; run \`vaec sweep ... --queue URL\` again to retry it
\`\`\``,
    },
    fix: `Read the log of the workers that took the point (\`journalctl -u vaec-worker@*\` with the systemd
unit of docs/distributed.md). For memory, lower \`--concurrency\` on that machine. Running the same
\`vaec sweep ... --queue URL\` again queues failed points anew.`,
  },
  VAE618: {
    title: "a point disappeared from the queue",
    severity: "error",
    messages: {
      jobLost: "point `{jobId}` is no longer on the queue at `{url}`",
    },
    explanation: `The submitter follows each point of its grid in Redis. This error says a point's job is no
longer there: someone removed it (\`redis-cli FLUSHDB\`, BullMQ's \`obliterate\`), Redis evicted it
under memory pressure (see VAE614), or the server restarted without its append-only file and
lost everything since its last snapshot. Points whose records the submitter already wrote are
safe in \`<study>/points/\`.`,
    example: {
      shown: `\`\`\`
$ vaec sweep study/*.vae --queue redis://:secret@10.0.0.5:6379
...
Small beta=4 train.seed=1 failed:
error[VAE618]: point \`d4107708...\` is no longer on the queue at \`redis://:***@10.0.0.5:6379\`
  = note: someone removed it, or Redis evicted it or restarted without its append-only file
help: run the same \`vaec sweep ... --queue URL\` again: it queues the missing points anew
\`\`\``,
    },
    fix: `Run the same command again. To keep the queue across restarts, turn the append-only file on
(\`appendonly yes\`) and set \`maxmemory-policy noeviction\`, as docs/distributed.md does.`,
  },
});
