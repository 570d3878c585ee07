package io.wsstream.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Creates the folders FileInstall watches ({@code felix.fileinstall.dir}, comma separated; {@code etc}
 * and {@code deploy} in the distribution) relative to the folder the distribution was started in.
 * FileInstall does not create them; it picks them up at its next poll once they exist.
 */
@Component
public final class WatchedFolders {
    static final String FILEINSTALL_DIR = "felix.fileinstall.dir";

    @Activate
    public WatchedFolders(BundleContext context) throws IOException {
        String dirs = context.getProperty(FILEINSTALL_DIR);
        if (dirs == null) {
            return;
        }
        for (String dir : dirs.split(",")) {
            if (!dir.isBlank()) {
                Files.createDirectories(Path.of(dir.strip()));
            }
        }
    }
}
