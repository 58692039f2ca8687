package dev.latent.datasets.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownloaderTest {
    private static final byte[] CONTENT = "some dataset bytes".getBytes();

    @TempDir
    Path dir;

    static String md5(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    @Test
    void savesContentWithTheRightChecksum() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer().serve("/data/file.gz", CONTENT)) {
            Path target = dir.resolve("cache/file.gz");
            new Downloader().download(server.uri("/data/file.gz"), target, md5(CONTENT).toUpperCase());
            assertArrayEquals(CONTENT, Files.readAllBytes(target));
        }
    }

    @Test
    void rejectsContentWithAnotherChecksumAndSavesNothing() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer().serve("/file.gz", CONTENT)) {
            Path target = dir.resolve("file.gz");
            String wrong = md5("other".getBytes());
            DownloadException e = assertThrows(DownloadException.class,
                    () -> new Downloader().download(server.uri("/file.gz"), target, wrong));
            assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains(wrong)
                    && e.getMessage().contains(md5(CONTENT)) && e.getMessage().contains("/file.gz"), e.getMessage());
            assertEquals(0, count(dir), "neither the target nor a temporary file is left");
        }
    }

    @Test
    void httpErrorsAreNamed() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer()) {
            Path target = dir.resolve("missing.gz");
            DownloadException e = assertThrows(DownloadException.class,
                    () -> new Downloader().download(server.uri("/missing.gz"), target, md5(CONTENT)));
            assertTrue(e.getMessage().startsWith("HTTP 404 from http://"), e.getMessage());
            assertFalse(Files.exists(target));
        }
    }

    @Test
    void noConnectionFailsFast() throws Exception {
        Downloader downloader = new Downloader(Duration.ofSeconds(2), Duration.ofSeconds(2));
        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader.download(LocalHttpServer.refusingUri("/x.gz"), dir.resolve("x.gz"), md5(CONTENT)));
        assertTrue(e.getMessage().startsWith("cannot connect to http://127.0.0.1:"), e.getMessage());
        assertEquals(0, count(dir));
    }

    private static long count(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }
}
