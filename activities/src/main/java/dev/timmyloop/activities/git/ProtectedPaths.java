package dev.timmyloop.activities.git;

import java.util.List;

/**
 * The {@code protectedPaths} rule in one place: an entry ending in '/' protects a directory and
 * everything under it; any other entry is one exact path. The review in phase 5 rejects an attempt
 * that touches one, and the commit activity refuses it again, so no step alone is the only guard.
 */
public final class ProtectedPaths {
  private ProtectedPaths() {}

  public static boolean isProtected(String path, List<String> protectedPaths) {
    if (path == null || protectedPaths == null) return false;
    for (String entry : protectedPaths) {
      if (entry == null || entry.isEmpty()) continue;
      boolean hit = entry.endsWith("/") ? path.startsWith(entry) : path.equals(entry);
      if (hit) return true;
    }
    return false;
  }

  /** The protected ones among {@code paths}, in order. */
  public static List<String> touched(List<String> paths, List<String> protectedPaths) {
    return paths.stream().filter(p -> isProtected(p, protectedPaths)).toList();
  }
}
