package dev.sift.app.replay;

import java.io.IOException;
import java.io.InputStream;

/**
 * The lines of a byte stream, split where {@code BufferedReader.readLine} splits them ({@code \n}, {@code \r} or
 * {@code \r\n}; a last line needs no terminator), but left as bytes: decoding every line to a String, and Jackson
 * turning it back into chars, cost more than reading the JSON itself. Not thread-safe.
 */
final class ByteLines {
    private final InputStream in;
    private byte[] buffer = new byte[1 << 16];
    /** The next byte not yet part of a line, and the end of the bytes read. */
    private int position;
    private int limit;
    private boolean endOfInput;
    /** The last line ended with {@code \r}: a {@code \n} right after it is part of that line's end. */
    private boolean skipLineFeed;
    private int start;
    private int end;

    ByteLines(InputStream in) {
        this.in = in;
    }

    /** Moves to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        if (skipLineFeed) {
            if (position == limit) {
                fill();
            }
            if (position < limit && buffer[position] == '\n') {
                position++;
            }
            skipLineFeed = false;
        }
        int scan = position;
        while (true) {
            for (int i = scan; i < limit; i++) {
                byte b = buffer[i];
                if (b == '\n' || b == '\r') {
                    start = position;
                    end = i;
                    position = i + 1;
                    skipLineFeed = b == '\r';
                    return true;
                }
            }
            scan = limit;
            if (endOfInput) {
                break;
            }
            scan -= fill();
        }
        if (position == limit) {
            return false;
        }
        start = position;
        end = limit;
        position = limit;
        return true;
    }

    /** The bytes of the current line are {@code buffer()[start()]} up to {@code end()}, without the terminator. */
    byte[] buffer() {
        return buffer;
    }

    int start() {
        return start;
    }

    int end() {
        return end;
    }

    /** Reads more, moving the unfinished line to the front first; returns by how much it moved. */
    private int fill() throws IOException {
        int moved = position;
        if (moved > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        if (limit == buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2); // a line longer than the buffer
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            endOfInput = true;
        } else {
            limit += n;
        }
        return moved;
    }
}
