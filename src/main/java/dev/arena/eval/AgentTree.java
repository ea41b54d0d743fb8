package dev.arena.eval;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites the tar of the agent's {@code /app} (as {@code Sandbox.readArchive} gives it) into one to
 * unpack at the grading container's root under another folder, keeping only what can be the agent's
 * change: folders, regular files, symlinks (as links, never followed) and hard links to files kept
 * before. Dropped: every {@code .git} path at any depth (the agent's history, config, hooks and
 * excludes), devices and pipes, names with {@code ..}, repeated names, and anything below a
 * non-folder (a tar that would write through a symlink); a source that is not a folder gives an
 * empty tree.
 */
final class AgentTree {
    record Copied(int files, int dropped) {
    }

    private AgentTree() {
    }

    /**
     * @param source the tar's top folder name ({@code app} for {@code /app})
     * @param target where the tree goes, as a root-relative path ({@code arena/agent})
     */
    static Copied rewrite(InputStream in, String source, String target, OutputStream out) throws IOException {
        return rewrite(in, source, target, out, Map.of());
    }

    /**
     * The same, with arena's own files appended after the tree (the grader's: entry name at the
     * container's root to host file), so one archive write brings in both.
     */
    static Copied rewrite(InputStream in, String source, String target, OutputStream out, Map<String, Path> extra) throws IOException {
        Set<String> seen = new HashSet<>();
        Set<String> regularFiles = new HashSet<>();
        Set<String> nonFolders = new HashSet<>();
        int files = 0;
        int dropped = 0;
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        TarArchiveOutputStream copy = new TarArchiveOutputStream(out);
        copy.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        copy.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
            String rel = relative(e.getName(), source);
            boolean kind = e.isDirectory() || regular(e) || e.isSymbolicLink() || e.isLink();
            if (rel != null && rel.isEmpty() && !e.isDirectory()) {
                break; // the folder itself was replaced (by a symlink, a file): it holds nothing
            }
            if (rel == null || !kind || !seen.add(rel) || underNonFolder(rel, nonFolders)) {
                dropped++;
                continue;
            }
            String name = rel.isEmpty() ? target : target + "/" + rel;
            TarArchiveEntry entry;
            if (e.isDirectory()) {
                entry = new TarArchiveEntry(name + "/");
            } else if (e.isSymbolicLink()) {
                entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                entry.setLinkName(e.getLinkName());
            } else if (e.isLink()) {
                String linked = relative(e.getLinkName(), source);
                if (linked == null || !regularFiles.contains(linked)) {
                    dropped++;
                    continue;
                }
                entry = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK);
                entry.setLinkName(target + "/" + linked);
            } else {
                entry = new TarArchiveEntry(name);
                entry.setSize(e.getSize());
                regularFiles.add(rel);
                files++;
            }
            if (!e.isDirectory()) {
                nonFolders.add(rel);
            }
            entry.setMode(e.getMode());
            entry.setModTime(e.getModTime());
            copy.putArchiveEntry(entry);
            if (regular(e)) {
                tar.transferTo(copy);
            }
            copy.closeArchiveEntry();
        }
        for (Map.Entry<String, Path> file : extra.entrySet()) {
            TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
            entry.setSize(Files.size(file.getValue()));
            entry.setMode(Files.isExecutable(file.getValue()) ? 0100755 : 0100644);
            copy.putArchiveEntry(entry);
            Files.copy(file.getValue(), copy);
            copy.closeArchiveEntry();
        }
        copy.finish();
        copy.flush();
        return new Copied(files, dropped);
    }

    /** The path below {@code source}/ ("" for the folder itself), or null for a name to drop. */
    private static String relative(String entryName, String source) {
        String name = entryName.replaceAll("^(\\./|/)+", "").replaceAll("/+$", "");
        String[] parts = name.split("/+");
        if (parts.length == 0 || !parts[0].equals(source)) {
            return null;
        }
        StringBuilder rel = new StringBuilder();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.equals(".") || p.equals("..") || p.equals(".git")) {
                return null;
            }
            rel.append(rel.length() == 0 ? "" : "/").append(p);
        }
        return rel.toString();
    }

    /** A regular file by its type flag ({@code isFile()} also says yes to pipes and devices). */
    private static boolean regular(TarArchiveEntry e) {
        byte flag = e.getLinkFlag();
        return flag == TarArchiveEntry.LF_NORMAL || flag == TarArchiveEntry.LF_OLDNORM || flag == TarArchiveEntry.LF_CONTIG;
    }

    private static boolean underNonFolder(String rel, Set<String> nonFolders) {
        for (int i = rel.indexOf('/'); i >= 0; i = rel.indexOf('/', i + 1)) {
            if (nonFolders.contains(rel.substring(0, i))) {
                return true;
            }
        }
        return false;
    }
}
