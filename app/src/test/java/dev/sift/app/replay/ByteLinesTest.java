package dev.sift.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ByteLines} splits where {@code BufferedReader.readLine} splits, however the bytes arrive. */
class ByteLinesTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "a\n", "a\nb", "a\r\nb\r\n", "a\rb\r", "\n", "\r\n", "\n\n", "\r\r\n\n",
            "a\r", "a\r\r", "\r", "{\"x\":1}\n\n  \n{\"y\":2}", "é\nü\r\n€"})
    void splitsLikeReadLine(String text) throws IOException {
        for (int chunk : new int[] {1, 2, 3, 7, 1 << 20}) {
            assertThat(lines(text, chunk)).as("read %d bytes at a time", chunk).isEqualTo(readLines(text));
        }
    }

    @Test
    void aLineLongerThanTheBufferIsWhole() throws IOException {
        String longLine = "x".repeat(300_000);
        String text = "a\r" + longLine + "\r\n" + longLine + "\nb";

        assertThat(lines(text, 1 << 20)).containsExactly("a", longLine, longLine, "b");
        assertThat(lines(text, 4_099)).isEqualTo(readLines(text));
    }

    private static List<String> lines(String text, int chunk) throws IOException {
        ByteLines lines = new ByteLines(new ChunkedStream(text.getBytes(StandardCharsets.UTF_8), chunk));
        List<String> out = new ArrayList<>();
        while (lines.next()) {
            out.add(new String(lines.buffer(), lines.start(), lines.end() - lines.start(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static List<String> readLines(String text) throws IOException {
        return new BufferedReader(new StringReader(text)).lines().toList();
    }

    /** Hands out at most {@code chunk} bytes per read, as a slow pipe or a gzip member boundary would. */
    private static final class ChunkedStream extends InputStream {
        private final ByteArrayInputStream bytes;
        private final int chunk;

        ChunkedStream(byte[] data, int chunk) {
            this.bytes = new ByteArrayInputStream(data);
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return bytes.read(b, off, Math.min(len, chunk));
        }
    }
}
