"""What a client answers at the tablet: the catalog of questions, a draft being filled in, the
answers, routing to a queue and its reasons in words. Pure.
"""
