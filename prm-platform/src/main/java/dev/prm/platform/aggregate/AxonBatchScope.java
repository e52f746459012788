package dev.prm.platform.aggregate;

import java.util.function.Supplier;

import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import dev.prm.platform.ingest.BatchScope;

/**
 * One Axon unit of work around the facts of an ingestion transaction: their commands run in nested units of work,
 * and the events they apply are appended when it commits, in one JDBC batch. Opt-in per service (a
 * {@link BatchScope} bean): it suits a service whose command handling reads nothing that the same batch's
 * events change outside its aggregates (subscribing projections, for instance, would only see them at the end).
 */
public class AxonBatchScope implements BatchScope {

    @Override
    public <T> T apply(Supplier<T> batch) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>("ingestion-batch"));
        try {
            T result = batch.get();
            unitOfWork.commit();
            return result;
        } catch (RuntimeException | Error failure) {
            if (unitOfWork.isActive()) {
                unitOfWork.rollback(failure);
            }
            throw failure;
        }
    }
}
