package dev.timmyloop.activities.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files shared by every worker on a host: one lock ({@code <stateDir>/.lock}) held across
 * read-modify-write, atomic replacement (temp file in the same directory, then rename), and files
 * that do not parse moved aside instead of being overwritten.
 */
final class StateStore {
  private static final Logger log = LoggerFactory.getLogger(StateStore.class);

  /** FileChannel.lock is per process: threads of one JVM queue here first. */
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** Files moved aside are named {@code <name>.unreadable-<time>}; older ones {@code .corrupt-}. */
  static final String UNREADABLE = ".unreadable-";

  static final String OLD_CORRUPT = ".corrupt-";

  final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Path lockFile;
  private final Clock clock;

  StateStore(Path lockFile, Clock clock) {
    this.lockFile = lockFile.toAbsolutePath().normalize();
    this.clock = clock;
  }

  <T> T locked(Supplier<T> body) {
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, k -> new ReentrantLock());
    jvmLock.lock();
    try {
      Files.createDirectories(lockFile.getParent());
      try (FileChannel ch =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = ch.lock();
        try {
          return body.get();
        } finally {
          lock.release();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + lockFile, e);
    } finally {
      jvmLock.unlock();
    }
  }

  /**
   * True when {@code o} holds nothing but an array under {@code key} (or nothing at all): any other
   * key is a shape we do not know (another tool's file), moved aside rather than emptied by our
   * write.
   */
  static boolean onlyArray(ObjectNode o, String key) {
    for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
      if (!names.next().equals(key)) return false;
    }
    return !o.has(key) || o.get(key).isArray();
  }

  /**
   * The JSON object in {@code file}; an empty object when it is missing, or when it does not parse
   * or fails {@code wellFormed} (a shape the loop does not know) — then it is first moved aside to
   * {@code <name>.unreadable-<time>}, never emptied in place.
   */
  ObjectNode readObject(Path file, Predicate<ObjectNode> wellFormed) {
    if (!Files.exists(file)) return json.createObjectNode();
    String problem;
    try {
      JsonNode node = json.readTree(Files.readString(file, StandardCharsets.UTF_8));
      if (node instanceof ObjectNode obj && wellFormed.test(obj)) return obj;
      problem = "not the expected JSON object";
    } catch (IOException | RuntimeException e) {
      problem = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
    }
    Path aside = moveAside(file);
    log.warn(
        "{} could not be read ({}); moved aside to {} and starting empty", file, problem, aside);
    return json.createObjectNode();
  }

  private Path moveAside(Path file) {
    String base = file.getFileName() + UNREADABLE + STAMP.format(clock.instant());
    Path aside = file.resolveSibling(base);
    for (int i = 2; Files.exists(aside); i++) aside = file.resolveSibling(base + "-" + i);
    try {
      Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // Never overwrite a file we could not keep: fail, and let a human (or a retry) look.
      throw new UncheckedIOException("cannot move unreadable " + file + " aside", e);
    }
    return aside;
  }

  void writeJson(Path file, JsonNode node) {
    try {
      write(file, json.writeValueAsBytes(node));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Readers see the old file or the new one, never half of one. */
  void write(Path file, byte[] content) {
    Path tmp = null;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      tmp =
          Files.createTempFile(
              file.toAbsolutePath().getParent(), "." + file.getFileName() + ".", ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(content);
        while (buf.hasRemaining()) ch.write(buf);
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a stray temp file is harmless
        }
      }
    }
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
