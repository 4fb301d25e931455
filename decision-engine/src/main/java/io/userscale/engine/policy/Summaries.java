package io.userscale.engine.policy;

import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.Decision.Signal;
import java.util.Locale;
import java.util.Map;

/**
 * The one-line human log of a decision, in the form operators already read, e.g.
 * {@code 🚀 SCALED replicas 1 -> 3 (users=25 cpu=75.2% latency=245.1ms gpu=N/A)}.
 */
public final class Summaries {

    private Summaries() {
    }

    public static String summary(Evaluation<?> e) {
        String signals = signals(e.signals());
        String burst = e.mode() == Decision.Mode.BURST ? " [burst]" : "";
        String note = e.note().isEmpty() ? "" : " " + e.note();
        int cur = e.current();
        int fin = e.target();
        Decision.BlockedBy b = e.blockedBy();
        if (fin != cur) {
            String move = "replicas " + cur + " -> " + fin;
            if (b == Decision.BlockedBy.STEP_LIMIT) {
                return "⚠️  Scale blocked by step limits (" + move + ", desired=" + e.desired() + burst + " " + signals
                        + ")" + note;
            }
            String icon = fin > cur ? "🚀" : "📉";
            String why = b == null ? "" : " (" + reason(b) + ", desired=" + e.desired() + ")";
            return icon + " SCALED " + move + burst + why + " (" + signals + ")" + note;
        }
        String state = "(replicas=" + cur + " desired=" + e.desired() + burst + " " + signals + ")" + note;
        if (b == null) {
            return "✅ No scale needed " + state;
        }
        return switch (b) {
            case COOLDOWN -> "⏳ Scale blocked by cooldown " + state;
            case STEP_LIMIT -> "⚠️  Scale blocked by step limits " + state;
            case CONSECUTIVE_LIMIT -> "⏸️  Scale blocked by consecutive limit " + state;
            case STABILIZATION -> "🧊 Scale-down held by stabilization window " + state;
            case STALE_METRICS -> "❓ Holding: metrics stale or missing " + state;
            case BOUNDS -> "📏 Scale held at bounds " + state;
        };
    }

    private static String reason(Decision.BlockedBy b) {
        return switch (b) {
            case STABILIZATION -> "limited by stabilization window";
            case BOUNDS -> "limited by bounds";
            default -> b.name().toLowerCase(Locale.ROOT);
        };
    }

    /** {@code users=25 cpu=75.2% latency=245.1ms gpu=N/A}, from raw values. */
    static String signals(Map<String, Signal> signals) {
        StringBuilder sb = new StringBuilder(64);
        append(sb, "users", signals.get("users"), "");
        append(sb, "cpu", signals.get("cpu"), "%");
        append(sb, "latency", signals.get("latency"), "ms");
        append(sb, "gpu", signals.get("gpu"), "%");
        for (var e : signals.entrySet()) {
            switch (e.getKey()) {
                case "users", "cpu", "latency", "gpu" -> { }
                default -> {
                    if (!ModelPolicy.MODEL_SIGNALS.contains(e.getKey())) { // those the note tells in words
                        append(sb, e.getKey(), e.getValue(), "");
                    }
                }
            }
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String name, Signal s, String unit) {
        if (s == null) {
            return;
        }
        if (!sb.isEmpty()) {
            sb.append(' ');
        }
        sb.append(name).append('=');
        if (s.raw() == null) {
            sb.append("N/A");
        } else {
            number(sb, s.raw()).append(unit);
        }
    }

    /** Whole numbers as such, others with one decimal (rounded half up), without String.format's cost. */
    static String number(double v) {
        return number(new StringBuilder(12), v).toString();
    }

    /** {@link #number(double)} appended to {@code sb}, with no string made on the way. */
    static StringBuilder number(StringBuilder sb, double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return sb.append((long) v);
        }
        if (!Double.isFinite(v) || Math.abs(v) >= 1e15) {
            return sb.append(String.format(Locale.ROOT, "%.1f", v));
        }
        long tenths = Math.round(Math.abs(v) * 10);
        if (v < 0 && tenths != 0) {
            sb.append('-');
        }
        return sb.append(tenths / 10).append('.').append(tenths % 10);
    }
}
