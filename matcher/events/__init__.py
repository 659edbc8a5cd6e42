"""Brokerage events: wishes into values (:mod:`.plan`), the scheduler (:mod:`.solver`), the
exports (:mod:`.exports`) and the use cases over stored events (:mod:`.service`)."""
