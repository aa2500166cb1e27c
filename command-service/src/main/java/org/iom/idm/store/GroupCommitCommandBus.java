package org.iom.idm.store;

import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.Registration;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.iom.idm.rule.RuleRefused;
import org.iom.kit.persistence.StoreOutage;

import javax.annotation.Nonnull;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.axonframework.commandhandling.GenericCommandResultMessage.asCommandResultMessage;

/**
 * Group commit: commands that arrive together are judged one after another in one unit of work, against each
 * consultation loaded once, and appended in one transaction: one append lock ({@link AppendsInCommitOrder}), one
 * commit. The first caller to find no group running leads: it takes the commands waiting (its own among them, up
 * to a limit), runs them, gives each caller its own answer, and leads again until its own command is answered;
 * then the next waiting caller takes over. The others wait for their answer or for the lead. A lone command runs
 * at once, exactly as Axon's bus runs it: no timer delays anything.
 *
 * <p>A refusal comes before its command applies anything (every refusal's test asserts that no event was
 * applied), so a refused command is answered on its own and the group goes on. Any other failure, and a commit
 * that fails (another instance appended to a stream first, an id was taken), rolls the group back; then each of
 * its commands runs alone and gets its own answer, unless the database could not be reached: then every command of
 * the group is refused with that at once (issue 17: a caller waits at most for the group before it and its own).
 */
final class GroupCommitCommandBus extends SimpleCommandBus {

    private final TransactionManager transactionManager;
    private final int maxGroupSize;
    private final List<MessageHandlerInterceptor<? super CommandMessage<?>>> interceptors =
            new CopyOnWriteArrayList<>();
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    private boolean leading;

    GroupCommitCommandBus(Builder builder, TransactionManager transactionManager, int maxGroupSize) {
        super(builder.transactionManager(transactionManager));
        this.transactionManager = transactionManager;
        this.maxGroupSize = maxGroupSize;
    }

    @Override
    public Registration registerHandlerInterceptor(
            @Nonnull MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
        Registration registration = super.registerHandlerInterceptor(interceptor);
        interceptors.add(interceptor);
        return () -> interceptors.remove(interceptor) & registration.cancel();
    }

    @Override
    @SuppressWarnings("unchecked")
    protected <C, R> void handle(CommandMessage<C> command, MessageHandler<? super CommandMessage<?>> handler,
                                 CommandCallback<? super C, ? super R> callback) {
        // A command sent while another is handled belongs to that one's unit of work, not to a group of its own.
        if (CurrentUnitOfWork.isStarted() || command.getPayload() instanceof CommitsAlone) {
            super.handle(command, handler, callback);
            return;
        }
        Waiting mine = new Waiting(command, handler);
        boolean interrupted = waitForAnswerOrLead(mine);
        if (!mine.answered()) {
            try {
                while (!mine.answered()) {
                    run(nextGroup());
                }
            } finally {
                handOverTheLead();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        callback.onResult(command, (CommandResultMessage<? extends R>) mine.answer);
    }

    /** Returns whether the caller was interrupted: a queued command runs anyway, so its caller must hear how. */
    private synchronized boolean waitForAnswerOrLead(Waiting mine) {
        waiting.add(mine);
        boolean interrupted = false;
        while (!mine.answered() && leading) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (!mine.answered()) {
            leading = true;
        }
        return interrupted;
    }

    private synchronized List<Waiting> nextGroup() {
        List<Waiting> group = new ArrayList<>(Math.min(waiting.size(), maxGroupSize));
        while (!waiting.isEmpty() && group.size() < maxGroupSize) {
            group.add(waiting.poll());
        }
        return group;
    }

    private synchronized void handOverTheLead() {
        leading = false;
        notifyAll();
    }

    private synchronized void answersGiven() {
        notifyAll();
    }

    private void run(List<Waiting> group) {
        try {
            if (group.size() == 1) {
                runAlone(group.get(0));
            } else {
                runTogether(group);
            }
        } catch (RuntimeException | Error failure) {
            group.forEach(member -> member.answerIfOpen(asCommandResultMessage(failure)));
        } finally {
            answersGiven();
        }
    }

    private void runAlone(Waiting member) {
        super.handle(member.command, member.handler, (command, result) -> member.answer = result);
    }

    private void runTogether(List<Waiting> group) {
        BatchingUnitOfWork<CommandMessage<?>> unitOfWork =
                new BatchingUnitOfWork<>(group.stream().<CommandMessage<?>>map(Waiting::command).toList());
        unitOfWork.attachTransaction(transactionManager);
        Iterator<Waiting> members = group.iterator();
        ResultMessage<?> outcome = unitOfWork.executeWithResult(() -> {
            Waiting member = members.next();
            try {
                Object result = new DefaultInterceptorChain<>(unitOfWork, interceptors, member.handler).proceed();
                member.outcome = asCommandResultMessage(result);
                return result;
            } catch (Exception failure) {
                member.outcome = asCommandResultMessage(failure);
                throw failure;
            }
        }, GroupCommitCommandBus::rollsTheGroupBack);
        if (unitOfWork.isRolledBack() && outcome.isExceptional() && StoreOutage.in(outcome.exceptionResult())) {
            // Alone, each would wait for the database in turn, the last one as many times as the group is large.
            CommandResultMessage<?> refused = asCommandResultMessage(outcome.exceptionResult());
            group.forEach(member -> member.answer = refused);
        } else if (unitOfWork.isRolledBack()) {
            group.forEach(this::runAlone);
        } else {
            group.forEach(member -> member.answer = member.outcome);
        }
    }

    private static boolean rollsTheGroupBack(Throwable failure) {
        Throwable cause = failure instanceof CommandExecutionException ? failure.getCause() : failure;
        return !(cause instanceof RuleRefused || cause instanceof AggregateNotFoundException);
    }

    private static final class Waiting {

        private final CommandMessage<?> command;
        private final MessageHandler<? super CommandMessage<?>> handler;
        /** What the command gave inside its group, valid only once the group has committed. */
        private CommandResultMessage<?> outcome;
        private volatile CommandResultMessage<?> answer;

        Waiting(CommandMessage<?> command, MessageHandler<? super CommandMessage<?>> handler) {
            this.command = command;
            this.handler = handler;
        }

        CommandMessage<?> command() {
            return command;
        }

        boolean answered() {
            return answer != null;
        }

        void answerIfOpen(CommandResultMessage<?> failure) {
            if (answer == null) {
                answer = failure;
            }
        }
    }
}
