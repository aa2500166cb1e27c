/**
 * Deliberate violations, one per rule of {@link org.iom.idm.architecture.Boundaries}: never part of the product,
 * read only by {@link org.iom.idm.architecture.BoundariesCatchViolationsTest} to show that each rule reports them.
 */
package org.iom.idm.architecture.broken;
