package dev.runbook.expr;

import dev.runbook.util.Regex;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.apache.commons.jexl3.JexlArithmetic;

/**
 * JEXL's arithmetic with the runbook rules on top: whole numbers are 64-bit and an overflow is an error, never a
 * wrapped or silently widened number ({@code 9223372036854775807 + 1}, {@code 1 << 70}); a finite computation
 * that reaches infinity is an error too; {@code =~} uses the RE2 dialect of {@link Regex}; and text built with
 * {@code +} is bounded by {@link Limits#MAX_TEXT}.
 */
final class RunbookArithmetic extends JexlArithmetic {

    RunbookArithmetic(boolean strict) {
        super(strict);
    }

    private RunbookArithmetic(boolean strict, MathContext context, int scale) {
        super(strict, context, scale);
    }

    @Override
    protected JexlArithmetic createWithOptions(boolean strict, MathContext context, int scale) {
        return new RunbookArithmetic(strict, context, scale);
    }

    @Override
    public Object add(Object left, Object right) {
        if (left instanceof CharSequence || right instanceof CharSequence) {
            long length = (long) Values.toText(left).length() + Values.toText(right).length();
            Limits.checkText(length, "'+'");
            Limits.charge(length, "'+'");
        }
        return checked(super.add(left, right), left, right, "+");
    }

    @Override
    public Object subtract(Object left, Object right) {
        return checked(super.subtract(left, right), left, right, "-");
    }

    @Override
    public Object multiply(Object left, Object right) {
        return checked(super.multiply(left, right), left, right, "*");
    }

    @Override
    public Object divide(Object left, Object right) {
        if (isWhole(left) && isWhole(right) && toLong(left) == Long.MIN_VALUE && toLong(right) == -1) {
            throw overflow("/");
        }
        return checked(super.divide(left, right), left, right, "/");
    }

    @Override
    public Object negate(Object value) {
        if (isWhole(value) && toLong(value) == Long.MIN_VALUE) {
            throw overflow("-");
        }
        return checked(super.negate(value), value, value, "-");
    }

    @Override
    public Object shiftLeft(Object left, Object right) {
        long l = toLong(left);
        long r = toLong(right);
        if (r < 0 || r > 63 || (l << r) >> r != l) {
            throw overflow("<<");
        }
        return l << r;
    }

    @Override
    public Object shiftRight(Object left, Object right) {
        long r = toLong(right);
        if (r < 0 || r > 63) {
            throw overflow(">>");
        }
        return toLong(left) >> r;
    }

    @Override
    public Object shiftRightUnsigned(Object left, Object right) {
        long r = toLong(right);
        if (r < 0 || r > 63) {
            throw overflow(">>>");
        }
        return toLong(left) >>> r;
    }

    /** {@code text =~ 'pattern'}: the whole text matches the RE2 pattern; a list or range: membership. */
    @Override
    public Boolean contains(Object container, Object value) {
        if (container instanceof CharSequence) {
            if (value == null) {
                return false;
            }
            String text = Values.toText(value);
            return Regex.matchesWhole(container.toString(), text);
        }
        return super.contains(container, value);
    }

    private static boolean isWhole(Object o) {
        return o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte;
    }

    /** The result of an operator, or an error when it left 64-bit whole numbers or finite numbers behind. */
    private static Object checked(Object result, Object left, Object right, String operator) {
        if (result instanceof BigInteger && ((BigInteger) result).bitLength() > 63) {
            throw overflow(operator);
        }
        if (result instanceof BigDecimal && (left instanceof BigDecimal || right instanceof BigDecimal)) {
            return result;
        }
        if (result instanceof Double || result instanceof Float) {
            double d = ((Number) result).doubleValue();
            if ((Double.isInfinite(d) || Double.isNaN(d)) && finite(left) && finite(right)) {
                throw overflow(operator);
            }
        }
        return result;
    }

    private static boolean finite(Object o) {
        if (o instanceof Double || o instanceof Float) {
            return Double.isFinite(((Number) o).doubleValue());
        }
        return true;
    }

    private static ArithmeticException overflow(String operator) {
        return new NumberOverflow("the result of '" + operator + "' is out of range (whole numbers are 64-bit, "
                + "from -9223372036854775808 to 9223372036854775807)");
    }

    /** An operator whose result cannot be represented; its message is meant for the runbook's author. */
    static final class NumberOverflow extends ArithmeticException {
        private static final long serialVersionUID = 1L;

        NumberOverflow(String message) {
            super(message);
        }
    }
}
