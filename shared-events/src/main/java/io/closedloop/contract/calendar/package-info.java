/**
 * Business calendars as data ({@link io.closedloop.contract.calendar.CalendarDocument}) and exact
 * business-time arithmetic on them ({@link io.closedloop.contract.calendar.BusinessCalendar}): weekends,
 * public holidays, make-up working days (调休), split business hours and a time zone. Deadlines computed here
 * carry the calendar's version so that a replay reproduces them.
 */
package io.closedloop.contract.calendar;
