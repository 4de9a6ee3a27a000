package org.coloconsole.engine.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;

/**
 * What the app and coloctl may touch of the engine: {@code control} (the one door), {@code model}
 * (the immutable types it hands out) and the profile's data types in {@code cluster} (records,
 * enums, interfaces and the profile's exceptions; not its parser or loader).
 */
public final class Door {
    private Door() {
    }

    public static final String ENGINE = "org.coloconsole.engine";

    public static DescribedPredicate<JavaClass> insideTheDoor() {
        return new DescribedPredicate<>("control, model, or a data type of cluster") {
            @Override
            public boolean test(JavaClass c) {
                String p = c.getPackageName();
                if (p.equals(ENGINE + ".control") || p.equals(ENGINE + ".model")) {
                    return true;
                }
                if (p.equals(ENGINE + ".cluster")) {
                    return data(c) || (c.getEnclosingClass().isPresent() && data(c.getEnclosingClass().get()));
                }
                return false;
            }
        };
    }

    private static boolean data(JavaClass c) {
        return c.isEnum() || c.isInterface() || c.isAssignableTo(RuntimeException.class)
                || c.getRawSuperclass().map(s -> s.getName().equals("java.lang.Record")).orElse(false);
    }

    /** Engine classes outside the door ({@code own}: the caller's own package, which is not the engine's inside). */
    public static DescribedPredicate<JavaClass> engineInternals(String own) {
        return new DescribedPredicate<>("engine internals (not control, model or cluster data types)") {
            @Override
            public boolean test(JavaClass c) {
                return c.getPackageName().startsWith(ENGINE) && !c.getPackageName().startsWith(own)
                        && !insideTheDoor().test(c);
            }
        };
    }
}
