package org.iom.idm.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of a request that needs a reason: a cancellation, a withdrawal, a hidden comment, a suspension. */
public record Reason(@NotBlank @Size(max = Limits.REASON) String reason) {
}
