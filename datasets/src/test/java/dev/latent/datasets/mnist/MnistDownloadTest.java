package dev.latent.datasets.mnist;

import dev.latent.datasets.io.DatasetLocator;
import dev.latent.datasets.io.DatasetNotFoundException;
import dev.latent.datasets.io.DatasetSource.Origin;
import dev.latent.datasets.io.LocalHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Downloads against a loopback HTTP server: never the internet. */
class MnistDownloadTest {
    @TempDir
    Path tmp;

    private DatasetLocator emptyLocator() {
        return DatasetLocator.standard().withPropertyRoot(null).withEnvironmentRoot(null)
                .withUserRoot(tmp.resolve("cache")).withSystemRoot(tmp.resolve("system"));
    }

    /** Serves a tiny test split under /mirror/ and returns the checksums of what it serves. */
    private Map<String, String> serveTinyTestSplit(LocalHttpServer server) throws Exception {
        Path files = tmp.resolve("served");
        TinyMnist.write(files, Split.TEST, 6, true);
        Map<String, String> md5 = new HashMap<>();
        for (String f : List.of(Split.TEST.imagesFile() + ".gz", Split.TEST.labelsFile() + ".gz")) {
            byte[] bytes = Files.readAllBytes(files.resolve(f));
            server.serve("/mirror/" + f, bytes);
            md5.put(f, java.util.HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)));
        }
        return md5;
    }

    @Test
    void downloadsIntoTheCacheOnceThenReadsFromIt() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer()) {
            Map<String, String> md5 = serveTinyTestSplit(server);
            MnistLoader loader = Mnist.loader().locator(emptyLocator()).download(true).mirror(server.uri("/mirror/"))
                    .checksums(md5).build();
            MnistData data = loader.load(Split.TEST);
            assertEquals(6, data.size());
            assertEquals(Origin.DOWNLOADED, data.source().origin());
            Path cache = tmp.resolve("cache/mnist");
            assertEquals(cache, data.source().directory());
            assertTrue(data.source().description().contains("downloaded to " + cache));
            assertTrue(Files.exists(cache.resolve("t10k-images-idx3-ubyte.gz")));
            assertEquals(2, server.requests().size());

            MnistData again = loader.load(Split.TEST);
            assertEquals(Origin.USER_CACHE, again.source().origin());
            assertEquals(2, server.requests().size(), "no second download");
        }
    }

    @Test
    void aChecksumMismatchFailsAndLeavesNoFiles() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer()) {
            serveTinyTestSplit(server);
            // The real published MNIST checksums do not match the tiny files.
            MnistLoader loader = Mnist.loader().locator(emptyLocator()).download(true).mirror(server.uri("/mirror/"))
                    .build();
            DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, () -> loader.load(Split.TEST));
            assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains(
                    MnistVariant.MNIST.checksums().get("t10k-images-idx3-ubyte.gz")), e.getMessage());
            Path cache = tmp.resolve("cache/mnist");
            assertTrue(!Files.exists(cache) || isEmpty(cache), "nothing saved");
        }
    }

    @Test
    void aMissingFileOnTheMirrorIsNamed() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer()) {
            DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, () -> FashionMnist.loader()
                    .locator(emptyLocator()).download(true).mirror(server.uri("/nothing/")).load(Split.TRAIN));
            assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains("/nothing/train-images"),
                    e.getMessage());
        }
    }

    @Test
    void offlineFailsFastSayingWhereToPutTheFiles() throws IOException {
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, () -> FashionMnist.loader()
                .locator(emptyLocator()).download(true).mirror(LocalHttpServer.refusingUri("/fashion/"))
                .connectTimeout(Duration.ofSeconds(2)).load(Split.TRAIN));
        String m = e.getMessage();
        assertTrue(m.contains("cannot connect") && m.contains("Put train-images-idx3-ubyte.gz and"
                + " train-labels-idx1-ubyte.gz") && m.contains(tmp.resolve("cache/fashion-mnist").toString()), m);
        assertFalse(Files.exists(tmp.resolve("cache/fashion-mnist/train-images-idx3-ubyte.gz")));
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.findAny().isEmpty();
        }
    }
}
