package org.iom.idm.record;

import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.XRLog;
import com.openhtmltopdf.util.XRLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.logging.Level;

/**
 * openhtmltopdf's messages through the service's own logging (its default writes every page's timings to standard
 * error), under {@code com.openhtmltopdf.<where>}: warnings as warnings, its chatter at debug.
 */
final class RendererLog implements XRLogger {

    private RendererLog() {
    }

    static void install() {
        XRLog.setLoggerImpl(new RendererLog());
    }

    @Override
    public void log(String where, Level level, String message) {
        log(where, level, message, null);
    }

    @Override
    public void log(String where, Level level, String message, Throwable failure) {
        Logger logger = LoggerFactory.getLogger(where);
        if (level.intValue() >= Level.SEVERE.intValue()) {
            logger.error(message, failure);
        } else if (level.intValue() >= Level.WARNING.intValue()) {
            logger.warn(message, failure);
        } else {
            logger.debug(message, failure);
        }
    }

    @Override
    public void setLevel(String where, Level level) {
        // the levels are logging's configuration
    }

    @Override
    public boolean isLogLevelEnabled(Diagnostic diagnostic) {
        return diagnostic.getLevel().intValue() >= Level.WARNING.intValue()
                || LoggerFactory.getLogger(diagnostic.getLogMessageId().getWhere()).isDebugEnabled();
    }
}
