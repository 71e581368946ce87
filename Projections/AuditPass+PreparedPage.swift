import EventStore
import Foundation
import StanceDomain

extension AuditPass {
    /// What the other threads make of one row: the event's checks and its share of the keys.
    struct Prepared: Sendable {
        let checked: Result<EventAudit.Checked, Failure>
        let keys: KeyIndex.Share
    }

    /// Why an event could not be decoded.
    struct Failure: Error {
        let reason: String
    }

    /// One page's ``Prepared`` rows, made on the threads that hash the page and taken, each
    /// once and in order, by the thread that checks the chain.
    final class PreparedPage: AuditPageWork, @unchecked Sendable {
        private let page: RawEventPage
        private let zone: StoreTimeZone
        private let keyIndexHead: Int64
        private let keyRowsCarryOccurredAt: Bool
        /// One slot a row: written by one thread in ``prepare(_:)``, emptied by ``take(_:)``.
        private let slots: UnsafeMutableBufferPointer<Prepared?>

        init(_ page: RawEventPage, in zone: StoreTimeZone, keyIndexHead: Int64, keyRowsCarryOccurredAt: Bool) {
            self.page = page
            self.zone = zone
            self.keyIndexHead = keyIndexHead
            self.keyRowsCarryOccurredAt = keyRowsCarryOccurredAt
            slots = .allocate(capacity: page.count)
            slots.initialize(repeating: nil)
        }

        deinit {
            slots.deinitialize()
            slots.deallocate()
        }

        func prepare(_ index: Int) {
            slots[index] = prepared(index)
        }

        /// The row's Prepared, moved out of its slot (nil: not prepared, being unreadable).
        func take(_ index: Int) -> Prepared? {
            let slot = slots.baseAddress! + index
            let prepared = slot.move()
            slot.initialize(to: nil)
            return prepared
        }

        private func prepared(_ index: Int) -> Prepared {
            let row = page[index]
            let occurred = keyRowsCarryOccurredAt ? row.occurredAt : nil
            do {
                let projected = try ProjectedEvent(foldingRow: index, of: page, in: zone)
                // The stream as a String only when its bytes differ from the actor's (a String
                // comparison may still find them equal).
                var actor = projected.event.actor
                let same = actor.withUTF8 { actor in page.withBytes(index, .stream) { $0.elementsEqual(actor) } }
                let stream = same ? projected.event.actor : page.text(index, .stream)
                return Prepared(
                    checked: .success(EventAudit.Checked(projected, stream: stream, in: zone)),
                    keys: KeyIndex.share(of: projected.event, id: row.id, seq: row.seq, occurred: occurred, head: keyIndexHead))
            } catch {
                return Prepared(
                    checked: .failure(Failure(reason: "\(error)")),
                    keys: KeyIndex.share(of: nil, id: row.id, seq: row.seq, occurred: occurred, head: keyIndexHead))
            }
        }
    }
}
