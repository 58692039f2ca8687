package dev.latent.datasets.io;

import dev.latent.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * Downloads files over HTTP(S) into place, verified against a published MD5 checksum. The content is written to a
 * temporary file and renamed only when its checksum matches, so a failed or corrupt download never leaves a file
 * behind. Without a network it fails fast: the connection attempt times out after a few seconds.
 */
public final class Downloader {
    /** The default connection timeout: short, so that an offline machine gets its answer quickly. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The default wait for the response headers once connected. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private final Duration connectTimeout;
    private final Duration responseTimeout;

    /** A downloader with the default timeouts. */
    public Downloader() {
        this(DEFAULT_CONNECT_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT);
    }

    /** A downloader with the given connection and response-header timeouts. */
    public Downloader(Duration connectTimeout, Duration responseTimeout) {
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.responseTimeout = Objects.requireNonNull(responseTimeout, "responseTimeout");
    }

    /**
     * Downloads {@code url} to {@code target} if its MD5 checksum is {@code md5} (hex, any case).
     *
     * @throws DownloadException if the server cannot be reached, answers other than 200, or sends other content;
     *     {@code target} is then left as it was
     */
    public void download(URI url, Path target, String md5) throws IOException {
        String expected = md5.toLowerCase(Locale.ROOT);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(responseTimeout).GET().build();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build()) {
            HttpResponse<InputStream> response = send(client, request);
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new DownloadException("HTTP " + response.statusCode() + " from " + url);
                }
                AtomicFiles.writeStream(target, out -> {
                    MessageDigest digest = md5();
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = body.read(buf)) >= 0; ) {
                        digest.update(buf, 0, n);
                        out.write(buf, 0, n);
                    }
                    String actual = HexFormat.of().formatHex(digest.digest());
                    if (!actual.equals(expected)) {
                        throw new DownloadException("checksum mismatch for " + url + ": expected MD5 " + expected
                                + ", got " + actual + "; nothing was saved");
                    }
                });
            }
        }
    }

    private static HttpResponse<InputStream> send(HttpClient client, HttpRequest request) throws IOException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException | ConnectException | UnknownHostException e) {
            throw new DownloadException("cannot connect to " + request.uri() + " (" + e + "); are you offline?", e);
        } catch (HttpTimeoutException e) {
            throw new DownloadException("no answer from " + request.uri() + " within " + request.timeout().orElseThrow()
                    .toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException("interrupted while downloading " + request.uri(), e);
        } catch (IOException e) {
            throw new DownloadException("cannot download " + request.uri() + ": " + e, e);
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
