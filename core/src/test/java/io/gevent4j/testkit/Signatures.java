package io.gevent4j.testkit;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** ArchUnit conditions on what a class shows its users: its public signatures. */
public final class Signatures {
    private Signatures() {}

    /**
     * No public or protected member, supertype, type argument or thrown type of the class names a type
     * {@code forbidden} matches.
     */
    public static ArchCondition<JavaClass> exposeNoTypeThat(DescribedPredicate<? super JavaClass> forbidden) {
        return new ArchCondition<>("expose no type that " + forbidden.getDescription() + " in a public signature") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                List<String> found = new ArrayList<>();
                for (JavaType t : c.getInterfaces()) {
                    collect(c.getName() + " implements", t, forbidden, found);
                }
                c.getSuperclass().ifPresent(t -> collect(c.getName() + " extends", t, forbidden, found));
                for (JavaMember m : c.getMembers()) {
                    Set<JavaModifier> mods = m.getModifiers();
                    if (!mods.contains(JavaModifier.PUBLIC) && !mods.contains(JavaModifier.PROTECTED)) {
                        continue;
                    }
                    if (m instanceof JavaField f) {
                        collect(f.getFullName(), f.getType(), forbidden, found);
                    } else if (m instanceof JavaCodeUnit u) {
                        collect(u.getFullName(), u.getReturnType(), forbidden, found);
                        for (JavaType p : u.getParameterTypes()) {
                            collect(u.getFullName(), p, forbidden, found);
                        }
                        for (JavaClass thrown : u.getThrowsClause().getTypes()) {
                            collect(u.getFullName(), thrown, forbidden, found);
                        }
                    }
                }
                for (String f : found) {
                    events.add(SimpleConditionEvent.violated(c, f));
                }
            }
        };
    }

    private static void collect(
            String where, JavaType type, DescribedPredicate<? super JavaClass> forbidden, List<String> found) {
        for (JavaClass involved : type.getAllInvolvedRawTypes()) {
            if (forbidden.test(involved)) {
                found.add(where + " names " + involved.getName());
            }
        }
    }
}
