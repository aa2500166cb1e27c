package org.iom.idm.web;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Judges a {@link Text}: its length in code points, lone surrogates and control characters. */
public class TextValidator implements ConstraintValidator<Text, String> {

    private int max;
    private boolean multiLine;

    @Override
    public void initialize(Text text) {
        max = text.max();
        multiLine = text.multiLine();
    }

    @Override
    public boolean isValid(String text, ConstraintValidatorContext context) {
        if (text == null) {
            return true;
        }
        String problem = problemOf(text);
        if (problem == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
        return false;
    }

    private String problemOf(String text) {
        int characters = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            characters++;
            int type = Character.getType(c);
            if (type == Character.SURROGATE) {
                return "is not valid Unicode text";
            }
            if (type == Character.CONTROL && !(multiLine && (c == '\n' || c == '\r' || c == '\t'))) {
                return multiLine ? "must not contain control characters other than line breaks and tabs"
                        : "must be one line without control characters";
            }
        }
        return characters > max ? "must be at most " + max + " characters" : null;
    }
}
