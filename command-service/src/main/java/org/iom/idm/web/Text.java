package org.iom.idm.web;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.CONSTRUCTOR;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

/**
 * A text within a limit of CONTRACT §5, counted in characters (code points, as a reader counts them, not UTF-16
 * units), made of valid Unicode without control characters; a multi-line text may hold line breaks and tabs.
 * Null is valid (absent); {@code @NotBlank} says whether a text must be there.
 */
@Documented
@Constraint(validatedBy = TextValidator.class)
@Target({METHOD, FIELD, ANNOTATION_TYPE, CONSTRUCTOR, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface Text {

    /** The most characters allowed. */
    int max();

    boolean multiLine() default false;

    String message() default "must be at most {max} characters of text without control characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
