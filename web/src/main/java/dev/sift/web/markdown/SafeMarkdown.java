package dev.sift.web.markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, safe subset of Markdown for comments: paragraphs, line breaks, bullet lists, fenced code, {@code `code`},
 * {@code **strong**}, {@code *emphasis*}, {@code [text](url)} and bare links. It produces a tree of plain strings,
 * never HTML: the template renders the tree and escapes every string, so no input can become markup. Links keep only
 * http, https and mailto targets; anything else stays text.
 */
public final class SafeMarkdown {
    /** One block of a comment. Only the fields of its kind are set; the others are empty. */
    public record Block(Kind kind, List<Span> spans, List<List<Span>> items, String code) {
        public enum Kind { PARAGRAPH, LIST, CODE }
    }

    /** A run of inline text. {@code href} is set for links only; BREAK is a line break within a paragraph. */
    public record Span(Kind kind, String text, String href) {
        public enum Kind { TEXT, STRONG, EMPHASIS, CODE, LINK, BREAK }
    }

    // Order matters: code first (nothing inside it is Markdown), then links, then strong before emphasis.
    private static final Pattern INLINE = Pattern.compile(
            "`([^`\\n]+)`"                                     // 1 code
            + "|\\[([^\\]\\n]+)\\]\\(([^)\\s]+)\\)"             // 2 text, 3 url
            + "|\\*\\*([^*\\n]+)\\*\\*"                         // 4 strong
            + "|\\*([^*\\n]+)\\*|(?<![\\w])_([^_\\n]+)_(?![\\w])" // 5, 6 emphasis
            + "|(https?://[^\\s<>()\\[\\]]+[^\\s<>()\\[\\].,;:!?'\"])"); // 7 bare link
    private static final Pattern BULLET = Pattern.compile("^\\s*[-*] +(.*)$");

    private SafeMarkdown() {}

    public static List<Block> parse(String text) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            if (line.isBlank()) {
                i++;
            } else if (line.strip().startsWith("```")) {
                List<String> code = new ArrayList<>();
                i++;
                while (i < lines.length && !lines[i].strip().startsWith("```")) {
                    code.add(lines[i++]);
                }
                i++; // the closing fence, if any
                blocks.add(new Block(Block.Kind.CODE, List.of(), List.of(), String.join("\n", code)));
            } else if (BULLET.matcher(line).matches()) {
                List<List<Span>> items = new ArrayList<>();
                Matcher m;
                while (i < lines.length && (m = BULLET.matcher(lines[i])).matches()) {
                    items.add(inline(m.group(1)));
                    i++;
                }
                blocks.add(new Block(Block.Kind.LIST, List.of(), List.copyOf(items), ""));
            } else {
                List<Span> spans = new ArrayList<>();
                while (i < lines.length && !lines[i].isBlank() && !lines[i].strip().startsWith("```")
                        && !BULLET.matcher(lines[i]).matches()) {
                    if (!spans.isEmpty()) {
                        spans.add(new Span(Span.Kind.BREAK, "", null));
                    }
                    spans.addAll(inline(lines[i++]));
                }
                blocks.add(new Block(Block.Kind.PARAGRAPH, List.copyOf(spans), List.of(), ""));
            }
        }
        return List.copyOf(blocks);
    }

    static List<Span> inline(String line) {
        List<Span> spans = new ArrayList<>();
        Matcher m = INLINE.matcher(line);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                spans.add(text(line.substring(at, m.start())));
            }
            if (m.group(1) != null) {
                spans.add(new Span(Span.Kind.CODE, m.group(1), null));
            } else if (m.group(2) != null) {
                String href = safeLink(m.group(3));
                spans.add(href == null ? text(m.group()) : new Span(Span.Kind.LINK, m.group(2), href));
            } else if (m.group(4) != null) {
                spans.add(new Span(Span.Kind.STRONG, m.group(4), null));
            } else if (m.group(5) != null || m.group(6) != null) {
                spans.add(new Span(Span.Kind.EMPHASIS, m.group(5) != null ? m.group(5) : m.group(6), null));
            } else {
                spans.add(new Span(Span.Kind.LINK, m.group(7), m.group(7)));
            }
            at = m.end();
        }
        if (at < line.length()) {
            spans.add(text(line.substring(at)));
        }
        return List.copyOf(spans);
    }

    /** The target if it is an http, https or mailto link, else null. */
    static String safeLink(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("mailto:") ? url : null;
    }

    private static Span text(String s) {
        return new Span(Span.Kind.TEXT, s, null);
    }
}
