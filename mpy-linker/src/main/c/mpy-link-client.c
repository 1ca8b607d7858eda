/*
 * mpy-link-client: the thin client of the mpy-link server (io.github.wasm2mpy.linker.cli.LinkServer).
 *
 * bin/mpy-link compiles this file once with the host cc into the server directory and runs it for every link;
 * it forwards the working directory, umask and arguments to a warm server over 127.0.0.1 and replays the
 * server's stdout, stderr and exit status. It never links by itself: whenever the server cannot be used (none
 * yet, a refusal, a protocol or socket error) it exits with FALLBACK and bin/mpy-link runs a one-shot JVM,
 * having asked this client to start a server in the background for the next link.
 *
 * Environment, set by bin/mpy-link: MPY_LINK_CP (the linker's classpath), MPY_LINK_STAMP (a file of the
 * linker's build: its size and mtime go into the server key), MPY_LINK_SERVER_DIR, MPY_LINK_SERVER_IDLE
 * (seconds), MPY_LINK_JAVA. The wire format is documented in LinkProtocol.java.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAGIC "mpy-link/1"
#define FALLBACK 200            /* bin/mpy-link runs the linker itself; never an exit status of the linker */
#define SPAWN_GRACE_SECONDS 30  /* a .spawn marker younger than this means a server is already starting */

static const char *dir, *classpath, *stamp, *java;
static int no_server; /* the last request found nothing listening: a server should be (re)started */
static char key[17], state_path[4096], spawn_path[4096], log_path[4096];

static const char *env_or(const char *name, const char *fallback) {
  const char *v = getenv(name);
  return v && *v ? v : fallback;
}

static uint64_t fnv1a(uint64_t h, const void *data, size_t n) {
  const unsigned char *p = data;
  for (size_t i = 0; i < n; i++) {
    h ^= p[i];
    h *= 1099511628211ULL;
  }
  return h;
}

static void use_key(const char *k);

/* The server key: which linker (classpath, build stamp) on which JVM; a rebuild gives a new server. */
static void compute_key(void) {
  char buf[128];
  struct stat st;
  uint64_t h = 14695981039346656037ULL;
  h = fnv1a(h, MAGIC "\n", sizeof MAGIC);
  h = fnv1a(h, classpath, strlen(classpath) + 1);
  h = fnv1a(h, java, strlen(java) + 1);
  if (stamp && stat(stamp, &st) == 0) {
    int n = snprintf(buf, sizeof buf, "%lld.%09ld %lld", (long long) st.st_mtim.tv_sec, (long) st.st_mtim.tv_nsec,
                     (long long) st.st_size);
    h = fnv1a(h, buf, (size_t) n);
  }
  snprintf(key, sizeof key, "%016llx", (unsigned long long) h);
  use_key(key);
}

static void use_key(const char *k) {
  if (k != key) snprintf(key, sizeof key, "%s", k);
  snprintf(state_path, sizeof state_path, "%s/server-%s.state", dir, key);
  snprintf(spawn_path, sizeof spawn_path, "%s/server-%s.spawn", dir, key);
  snprintf(log_path, sizeof log_path, "%s/server-%s.log", dir, key);
}

struct server { int port; char secret[129]; long pid; };

static int read_state(struct server *s) {
  char line[256];
  FILE *f = fopen(state_path, "re");
  if (!f) return 0;
  int ok = fgets(line, sizeof line, f) != NULL
           && sscanf(line, MAGIC " %d %128[0-9a-f] %ld", &s->port, s->secret, &s->pid) == 3;
  fclose(f);
  return ok && s->port > 0 && s->port < 65536;
}

static int connect_to(const struct server *s, int timeout_seconds) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t) s->port) };
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  struct timeval tv = { .tv_sec = timeout_seconds };
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(fd, (struct sockaddr *) &a, sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/* A growable buffer for the request. */
struct buf { char *data; size_t len, cap; };

static int put(struct buf *b, const char *s, size_t n) {
  if (b->len + n > b->cap) {
    size_t cap = (b->cap ? b->cap * 2 : 4096) + n;
    char *d = realloc(b->data, cap);
    if (!d) return 0;
    b->data = d;
    b->cap = cap;
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  return 1;
}

static int field(struct buf *b, const char *s) { return put(b, s, strlen(s) + 1); }

static int write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return 0;
    p += w;
    n -= (size_t) w;
  }
  return 1;
}

static int read_all(int fd, char *p, size_t n) {
  while (n > 0) {
    ssize_t r = read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return 0;
    p += r;
    n -= (size_t) r;
  }
  return 1;
}

/*
 * One request; returns the linker's exit status, or FALLBACK. Output is replayed only once the whole reply
 * has arrived, so a broken connection never leaves half an output behind a fallback run's full one.
 */
static int request(const struct server *s, const char *verb, int argc, char **argv, int timeout_seconds) {
  char cwd[8192], number[32];
  struct buf b = { 0 };
  if (!getcwd(cwd, sizeof cwd)) return FALLBACK;
  mode_t mask = umask(0);
  umask(mask);
  int ok = field(&b, MAGIC) && field(&b, s->secret) && field(&b, key) && field(&b, verb) && field(&b, cwd);
  snprintf(number, sizeof number, "%o", (unsigned) mask);
  ok = ok && field(&b, number);
  snprintf(number, sizeof number, "%d", argc);
  ok = ok && field(&b, number);
  for (int i = 0; ok && i < argc; i++) ok = field(&b, argv[i]);
  int fd = ok ? connect_to(s, timeout_seconds) : -1;
  no_server = ok && fd < 0;
  if (fd < 0) {
    free(b.data);
    return FALLBACK;
  }
  ok = write_all(fd, b.data, b.len);
  free(b.data);
  char head[257];
  size_t n = 0;
  while (ok && n < sizeof head - 1 && read_all(fd, head + n, 1) && head[n] != '\n') n++;
  head[n] = 0;
  int status = FALLBACK;
  long out_len, err_len;
  char word[16];
  if (ok && sscanf(head, MAGIC " ok %d %ld %ld", &status, &out_len, &err_len) == 3 && status >= 0 && status < FALLBACK
      && out_len >= 0 && err_len >= 0 && out_len + err_len < (1L << 30)) {
    char *body = malloc((size_t) (out_len + err_len) + 1);
    if (body && read_all(fd, body, (size_t) (out_len + err_len))) {
      write_all(1, body, (size_t) out_len);
      write_all(2, body + out_len, (size_t) err_len);
    } else {
      status = FALLBACK;
    }
    free(body);
  } else {
    if (sscanf(head, MAGIC " refused %15s", word) == 1 && getenv("MPY_LINK_DEBUG"))
      fprintf(stderr, "mpy-link: server refused: %s\n", word);
    status = FALLBACK;
  }
  close(fd);
  return status;
}

/*
 * Starts a server in the background, detached (own session, cwd /, stdio to its log, no inherited descriptors,
 * in particular not make's jobserver pipe), unless another client started one moments ago.
 */
static void spawn_server(void) {
  struct stat st;
  int marker = open(spawn_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (marker < 0) {
    if (errno != EEXIST || stat(spawn_path, &st) != 0 || time(NULL) - st.st_mtime < SPAWN_GRACE_SECONDS) return;
    unlink(spawn_path); /* a start that failed long ago */
    marker = open(spawn_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (marker < 0) return;
  }
  close(marker);
  pid_t child = fork();
  if (child < 0) return;
  if (child > 0) {
    waitpid(child, NULL, 0);
    return;
  }
  setsid();
  if (fork() != 0) _exit(0);
  if (chdir("/") != 0) _exit(1);
  int devnull = open("/dev/null", O_RDONLY);
  int log = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (devnull < 0 || log < 0) _exit(1);
  dup2(devnull, 0);
  dup2(log, 1);
  dup2(log, 2);
  for (int fd = 3; fd < 1024; fd++) close(fd);
  setenv("LC_ALL", "C.UTF-8", 1); /* file names as UTF-8, whatever locale the first client had */
  char idle[32];
  snprintf(idle, sizeof idle, "%s", env_or("MPY_LINK_SERVER_IDLE", "600"));
  char *args[] = { (char *) java, "-XX:+UseSerialGC", "-Xmx512m", "-XX:-UsePerfData", "-cp", (char *) classpath, "io.github.wasm2mpy.linker.cli.LinkServer",
                   "--state", state_path, "--key", key, "--stamp", (char *) (stamp ? stamp : "/"), "--idle", idle,
                   NULL };
  execvp(java, args);
  _exit(127);
}

static int ping(const struct server *s) { return request(s, "ping", 0, NULL, 5) == 0; }

/*
 * Stops every server with a state file in the directory, whichever linker build it runs (the build this
 * script belongs to may be gone or half rebuilt), and waits until each has finished its links and gone.
 */
static int stop_all(void) {
  DIR *d = opendir(dir);
  struct dirent *e;
  char k[17];
  if (!d) return 0;
  while ((e = readdir(d)) != NULL) {
    size_t n = strlen(e->d_name);
    if (n != 7 + 16 + 6 || strncmp(e->d_name, "server-", 7) != 0 || strcmp(e->d_name + 23, ".state") != 0) continue;
    memcpy(k, e->d_name + 7, 16);
    k[16] = 0;
    use_key(k);
    struct server s;
    struct stat st;
    if (!read_state(&s) || request(&s, "stop", 0, NULL, 60) != 0) continue; /* gone, or not ours to stop */
    for (int i = 0; i < 3000 && stat(state_path, &st) == 0 && kill((pid_t) s.pid, 0) == 0; i++) usleep(20000);
    fprintf(stderr, "mpy-link: stopped the link server (pid %ld)\n", s.pid);
  }
  closedir(d);
  return 0;
}

int main(int argc, char **argv) {
  signal(SIGPIPE, SIG_IGN);
  dir = getenv("MPY_LINK_SERVER_DIR");
  classpath = getenv("MPY_LINK_CP");
  stamp = getenv("MPY_LINK_STAMP");
  java = env_or("MPY_LINK_JAVA", "java");
  if (!dir || !classpath) {
    fprintf(stderr, "mpy-link-client: run me through bin/mpy-link (MPY_LINK_SERVER_DIR, MPY_LINK_CP unset)\n");
    return FALLBACK;
  }
  compute_key();
  struct server s;
  const char *mode = argc > 1 ? argv[1] : "";
  if (strcmp(mode, "--server-stop") == 0) return stop_all();
  if (strcmp(mode, "--server-status") == 0) {
    if (read_state(&s) && ping(&s)) {
      printf("running: pid %ld, port %d, state %s\n", s.pid, s.port, state_path);
      return 0;
    }
    printf("not running (state %s)\n", state_path);
    return 3;
  }
  if (strcmp(mode, "--server-start") == 0) {
    for (int i = 0; i < 3000; i++) { /* 60 s at most: a JVM start on a loaded machine */
      int known = read_state(&s);
      if (known && ping(&s)) return 0;
      if (i % 250 == 0 && (!known || no_server)) spawn_server();
      usleep(20000);
    }
    fprintf(stderr, "mpy-link: the link server did not start; see %s\n", log_path);
    return 1;
  }
  if (!read_state(&s)) {
    spawn_server();
    return FALLBACK;
  }
  int status = request(&s, "link", argc - 1, argv + 1, 600);
  if (status == FALLBACK && no_server) spawn_server(); /* it died without removing its state: replace it */
  return status;
}
