"""Enumerations (业务字典): the labels, order, colour and enabled flag of fixed codes, edited by administrators."""

from gateway.enumerations.router import router

__all__ = ["router"]
