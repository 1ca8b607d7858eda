package io.github.wasm2mpy.linker.cli;

import io.github.wasm2mpy.linker.cli.LinkProtocol.Reply;
import io.github.wasm2mpy.linker.cli.LinkProtocol.Request;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A persistent {@code mpy-link}: one warm JVM per user and linker build that runs {@link MpyLinkCommand} for
 * thin clients ({@code bin/mpy-link} and its C client), so a {@code make} step costs milliseconds rather than a
 * JVM start. It listens on the loopback interface only, publishes its port and a random secret in a 0600
 * {@link ServerState} file, serves requests concurrently ({@code make -j}), and exits when idle for the
 * configured time, when told to stop, or when the linker it was started from changes on disk.
 *
 * <pre>java -cp ... io.github.wasm2mpy.linker.cli.LinkServer --state FILE --key KEY [--stamp FILE]
 *     [--idle SECONDS] [--threads N]</pre>
 */
public final class LinkServer implements Closeable {
  /** Startup parameters; {@code stamp} is a file of the linker's build whose change makes this server stale. */
  public record Config(Path stateFile, String key, Optional<Path> stamp, Duration idleTimeout, int threads) {
    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(10);
  }

  /** Another server already holds the lock for this state file. */
  public static final class AlreadyRunningException extends IOException {
    AlreadyRunningException(Path lock) {
      super(lock + " is held by another link server");
    }
  }

  private static final int REQUEST_READ_TIMEOUT_MILLIS = 30_000;

  private final Config config;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final ServerSocket socket;
  private final ServerState state;
  private final Optional<String> stampAtStart;
  private final ExecutorService workers;
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicInteger served = new AtomicInteger();
  private final AtomicBoolean warned = new AtomicBoolean();
  private final CountDownLatch cleanedUp = new CountDownLatch(1);

  private LinkServer(Config config, FileChannel lockChannel, FileLock lock, ServerSocket socket, ServerState state) {
    this.config = config;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.socket = socket;
    this.state = state;
    this.stampAtStart = config.stamp().map(LinkServer::fingerprint);
    this.workers = Executors.newFixedThreadPool(config.threads(), r -> {
      Thread t = new Thread(r, "mpy-link-worker");
      t.setDaemon(true);
      return t;
    });
  }

  /** Takes the state file's lock, binds a loopback port and publishes the state; {@link #serve()} then answers. */
  public static LinkServer start(Config config) throws IOException {
    Path stateFile = config.stateFile().toAbsolutePath();
    Files.createDirectories(stateFile.getParent());
    Path lockFile = sibling(stateFile, ".lock");
    FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by another server in this same JVM (tests)
    }
    if (lock == null) {
      channel.close();
      throw new AlreadyRunningException(lockFile);
    }
    ServerSocket socket = null;
    try {
      socket = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
      byte[] secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      ServerState state = new ServerState(socket.getLocalPort(), HexFormat.of().formatHex(secret), ProcessHandle.current().pid());
      LinkServer server = new LinkServer(config, channel, lock, socket, state);
      state.writeTo(stateFile);
      Files.deleteIfExists(sibling(stateFile, ".spawn")); // the clients' "a server is starting" marker
      return server;
    } catch (IOException | RuntimeException e) {
      if (socket != null) {
        socket.close();
      }
      lock.release();
      channel.close();
      throw e;
    }
  }

  public ServerState state() {
    return state;
  }

  /** Requests answered so far (links, pings, refusals). */
  public int served() {
    return served.get();
  }

  /** Accepts requests until stopped, idle for the configured time, or stale; then cleans up and returns. */
  public void serve() {
    long idleNanos = config.idleTimeout().toNanos();
    int poll = (int) Math.max(50, Math.min(1000, config.idleTimeout().toMillis() / 4));
    try {
      socket.setSoTimeout(poll);
      while (!stopping.get()) {
        Socket client;
        try {
          client = socket.accept();
        } catch (SocketTimeoutException e) {
          if (active.get() == 0 && System.nanoTime() - lastActivity.get() > idleNanos) {
            log("idle for " + config.idleTimeout().toMillis() / 1000.0 + " s, exiting");
            break;
          }
          if (isStale()) {
            log("the linker changed on disk, exiting");
            break;
          }
          continue;
        }
        active.incrementAndGet();
        lastActivity.set(System.nanoTime());
        workers.execute(() -> handle(client));
      }
    } catch (IOException e) {
      if (!stopping.get()) {
        warn("accept failed: " + e);
      }
    } finally {
      close();
    }
  }

  /** Stops accepting, lets running links finish, removes the state file and releases the lock. */
  @Override
  public void close() {
    if (!stopping.compareAndSet(false, true)) {
      awaitCleanup(); // a concurrent close (a stop request, the accept loop, a shutdown hook) is doing the work
      return;
    }
    try {
      cleanUp();
    } finally {
      cleanedUp.countDown();
    }
  }

  private void awaitCleanup() {
    try {
      cleanedUp.await(90, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void cleanUp() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
    workers.shutdown();
    try {
      workers.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Path stateFile = config.stateFile().toAbsolutePath();
    try {
      // Remove the state only if it is still ours: a newer server may have replaced it.
      if (ServerState.read(stateFile).filter(state::equals).isPresent()) {
        Files.deleteIfExists(stateFile);
      }
      Files.deleteIfExists(sibling(stateFile, ".lock"));
      if (!warned.get()) {
        Files.deleteIfExists(sibling(stateFile, ".log")); // an orderly exit with nothing worth keeping
      }
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      warn("cleanup failed: " + e);
    }
  }

  private void handle(Socket client) {
    try (client) {
      client.setSoTimeout(REQUEST_READ_TIMEOUT_MILLIS);
      client.setTcpNoDelay(true);
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      Reply reply;
      boolean stop = false;
      try {
        Request request = LinkProtocol.readRequest(new java.io.BufferedInputStream(in));
        if (!MessageDigest.isEqual(request.secret().getBytes(StandardCharsets.UTF_8), state.secret().getBytes(StandardCharsets.UTF_8))) {
          reply = Reply.refused("bad-secret");
        } else if (!request.key().equals(config.key())) {
          reply = Reply.refused("wrong-key");
        } else if (isStale()) {
          reply = Reply.refused("stale");
          stop = true;
        } else {
          switch (request.verb()) {
            case PING -> reply = Reply.ran(0, new byte[0], new byte[0]);
            case STOP -> {
              reply = Reply.ran(0, new byte[0], new byte[0]);
              stop = true;
            }
            default -> reply = link(request);
          }
        }
      } catch (LinkProtocol.ProtocolException e) {
        reply = Reply.refused("protocol-error");
        warn("bad request: " + e.getMessage());
      }
      LinkProtocol.writeReply(reply, out);
      served.incrementAndGet();
      if (stop) {
        new Thread(this::close, "mpy-link-stop").start();
      }
    } catch (IOException e) {
      warn("connection failed: " + e);
    } finally {
      lastActivity.set(System.nanoTime());
      active.decrementAndGet();
    }
  }

  /**
   * Runs the command for the client. Anything the command does not turn into an exit status (a bug, running out
   * of memory) is refused rather than reported, so the client runs the linker itself and the user sees what a
   * one-shot linker would show.
   */
  private Reply link(Request request) {
    Workspace workspace;
    try {
      workspace = Workspace.ofClient(Path.of(request.cwd()), request.umask());
    } catch (IllegalArgumentException e) {
      return Reply.refused("bad-cwd");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      int status = new MpyLinkCommand(workspace, new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8)).run(request.args().toArray(String[]::new));
      return Reply.ran(status, out.toByteArray(), err.toByteArray());
    } catch (Throwable t) {
      warn("internal error linking " + request.args() + ": " + t);
      return Reply.refused("internal-error");
    }
  }

  private boolean isStale() {
    return stampAtStart.isPresent() && !stampAtStart.equals(config.stamp().map(LinkServer::fingerprint));
  }

  /** Size and modification time, the same facts the client hashes into the key. */
  private static String fingerprint(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return a.size() + "@" + a.lastModifiedTime().toInstant();
    } catch (IOException e) {
      return "missing";
    }
  }

  /** {@code server-KEY.lock} beside {@code server-KEY.state}: the names the C client uses. */
  static Path sibling(Path stateFile, String suffix) {
    String name = stateFile.getFileName().toString();
    return stateFile.resolveSibling((name.endsWith(".state") ? name.substring(0, name.length() - 6) : name) + suffix);
  }

  private static void log(String message) {
    System.err.println("mpy-link server " + ProcessHandle.current().pid() + ": " + message);
  }

  /** Logs a problem; the log file then outlives the server. */
  private void warn(String message) {
    warned.set(true);
    log(message);
  }

  public static void main(String[] args) throws IOException {
    Path state = null;
    String key = null;
    Path stamp = null;
    Duration idle = Config.DEFAULT_IDLE;
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--state" -> state = Path.of(args[i + 1]);
        case "--key" -> key = args[i + 1];
        case "--stamp" -> stamp = Path.of(args[i + 1]);
        case "--idle" -> idle = Duration.ofMillis((long) (Double.parseDouble(args[i + 1]) * 1000));
        case "--threads" -> threads = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (state == null || key == null || args.length % 2 != 0) {
      System.err.println("usage: LinkServer --state FILE --key KEY [--stamp FILE] [--idle SECONDS] [--threads N]");
      System.exit(2);
    }
    LinkServer server;
    try {
      server = start(new Config(state, key, Optional.ofNullable(stamp), idle, threads));
    } catch (AlreadyRunningException e) {
      Files.deleteIfExists(sibling(state.toAbsolutePath(), ".spawn")); // one is running: clients may start others
      return; // a concurrent first use started one: it serves
    }
    log("listening on " + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.state().port());
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "mpy-link-shutdown")); // SIGTERM: clean up
    server.serve();
    System.exit(0);
  }
}
