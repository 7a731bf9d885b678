package dev.rehearsal.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Where a signed envelope goes: a file it never overwrites, or the standard output ({@code -}). */
final class EvidenceFiles {

    private EvidenceFiles() {
    }

    /** Writes the envelope as the server sent it, byte for byte (its signature covers the payload, not the layout). */
    static String save(Rehearsal root, byte[] envelope, String file, String defaultName) {
        if ("-".equals(file)) {
            root.context.out().write(envelope, 0, envelope.length);
            root.context.out().println();
            root.context.out().flush();
            return "-";
        }
        Path path = Path.of(file != null ? file : defaultName);
        try {
            Files.write(path, envelope, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new CliError(ExitCode.USAGE, "file " + path + " exists; evidence is never written over: name another"
                    + " with --file");
        } catch (IOException e) {
            throw new CliError(ExitCode.USAGE, "cannot write " + path + ": " + e.getMessage(), e);
        }
        return path.toString();
    }
}
